// exchange/folder_exchange.h
//
// FolderExchange: exports and imports in local folders that stand in for S3.
// Bucket B is the folder <root>/B, and the object with key K is the file
// <root>/B/K ('/' in keys are folders), so an export is written with the
// exact layout DynamoDB writes to S3 (export_writer.cc) and an import reads
// every file whose key begins with S3KeyPrefix, as DynamoDB reads objects
// (import_reader.cc). A folder holding a real export downloaded from S3
// imports the same way.
#pragma once

#include <filesystem>
#include <string>

#include "engine/exchange.h"

namespace ddb::exchange {

class FolderExchange : public ExchangeFiles {
 public:
  explicit FolderExchange(std::filesystem::path root) : root_(std::move(root)) {}

  Result<std::unique_ptr<ExportWriter>> OpenExport(const ExportDescription& d) override;
  Result<std::unique_ptr<ImportReader>> OpenImport(const ImportDescription& d) override;

 private:
  std::filesystem::path root_;
};

// True when the file of S3 key `key` lies under its bucket's folder.
bool StaysInBucket(std::string_view key);

// The key of `name` under an S3 prefix ("" or "a/b" or "a/b/"): "a/b/name".
std::string JoinKey(const std::string& prefix, const std::string& name);

// Implemented in export_writer.cc and import_reader.cc.
Result<std::unique_ptr<ExportWriter>> NewExportWriter(const std::filesystem::path& bucket,
                                                      const ExportDescription& d);
Result<std::unique_ptr<ImportReader>> NewImportReader(const std::filesystem::path& bucket,
                                                      const ImportDescription& d);

}  // namespace ddb::exchange
