// engine/exchange.h
//
// What export and import need from outside the engine: files in the folders
// that stand in for S3 buckets, in DynamoDB's layout and formats. The engine
// decides what to export or import and keeps the descriptions; an
// ExchangeFiles (exchange/, which knows JSON, CSV and compression) reads and
// writes the bytes. Both run on the engine's background job thread.
#pragma once

#include <memory>
#include <optional>

#include "model/attribute_value.h"
#include "model/error.h"
#include "model/exchange_requests.h"

namespace ddb {

// One line of an export: a whole item (full export) or one item's change
// (incremental export: its keys, its image now and before).
struct ExportLine {
  const Item* item = nullptr;       // full export
  const Item* keys = nullptr;       // incremental export
  const Item* new_image = nullptr;  // incremental; null when the item was deleted
  const Item* old_image = nullptr;  // incremental NEW_AND_OLD_IMAGES; null when new
  int64_t write_micros = 0;         // incremental: when the change was made
};

class ExportWriter {
 public:
  virtual ~ExportWriter() = default;
  virtual Status Write(const ExportLine& line) = 0;
  // Writes the manifests; fills export_manifest, item_count and
  // billed_size_bytes of `description`.
  virtual Status Finish(ExportDescription& description) = 0;
};

class ImportReader {
 public:
  virtual ~ImportReader() = default;
  // The next item, or nullopt at the end. A line that is not an item counts
  // in `errors` and is skipped, as DynamoDB's import logs and skips it; an
  // unreadable source (a file that is not gzip, ...) is an error.
  virtual Result<std::optional<Item>> Next(int64_t& errors) = 0;
  // Bytes read so far, decompressed.
  virtual int64_t processed_bytes() const = 0;
  // The engine found the last item invalid (its keys, its size): the rest of
  // its file is skipped, as for a line that is not an item.
  virtual void SkipFile() = 0;
};

class ExchangeFiles {
 public:
  virtual ~ExchangeFiles() = default;
  virtual Result<std::unique_ptr<ExportWriter>> OpenExport(
      const ExportDescription& description) = 0;
  virtual Result<std::unique_ptr<ImportReader>> OpenImport(
      const ImportDescription& description) = 0;
};

}  // namespace ddb
