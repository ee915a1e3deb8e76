// Reading an import's source: every file under the bucket's folder whose key
// begins with S3KeyPrefix (a plain string prefix, as S3 lists objects), in
// key order, decompressed, split into lines.
//
// DYNAMODB_JSON: one {"Item":{...}} per line; blank lines are skipped.
// ION: the same in Ion text ({Item:{...}}, exchange/ion.h).
// CSV: a header line (unless HeaderList is given), then one item per
// record; fields may be quoted ("a,b", "say ""hi"""), even across lines.
// Key attributes of the table and its global indexes take the type of
// their AttributeDefinitions; every other column is a string, and an empty
// field is no attribute.
//
// As DynamoDB does, the first bad line of a file counts one error and ends
// that file; the import goes on with the next file.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <system_error>
#include <vector>

#include "exchange/compression.h"
#include "exchange/folder_exchange.h"
#include "exchange/ion.h"
#include "protocol/base64.h"
#include "protocol/exchange_lines.h"

namespace ddb::exchange {
namespace {

Compression CompressionOf(const std::string& name) {
  if (name == "GZIP") return Compression::kGzip;
  if (name == "ZSTD") return Compression::kZstd;
  return Compression::kNone;
}

// Splits a file's bytes into lines ('\n', a '\r' before it dropped).
class LineReader {
 public:
  explicit LineReader(std::unique_ptr<ByteReader> bytes) : bytes_(std::move(bytes)) {}

  // The next line, or nullopt at the end.
  Result<std::optional<std::string>> Next(int64_t& bytes_read) {
    while (true) {
      std::size_t newline = buffer_.find('\n', scanned_);
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        scanned_ = 0;
        bytes_read += static_cast<int64_t>(line.size()) + 1;
        if (line.ends_with('\r')) line.pop_back();
        return std::optional<std::string>(std::move(line));
      }
      scanned_ = buffer_.size();
      char chunk[64 * 1024];
      auto n = bytes_->Read(chunk, sizeof chunk);
      if (!n) return std::move(n).error();
      if (*n == 0) {
        if (buffer_.empty()) return std::optional<std::string>();
        std::string line = std::move(buffer_);
        buffer_.clear();
        scanned_ = 0;
        bytes_read += static_cast<int64_t>(line.size());
        return std::optional<std::string>(std::move(line));
      }
      buffer_.append(chunk, *n);
    }
  }

 private:
  std::unique_ptr<ByteReader> bytes_;
  std::string buffer_;
  std::size_t scanned_ = 0;
};

// The fields of one CSV record; false when a quote is still open at the end
// of `text` (the record goes on on the next line).
bool SplitCsv(const std::string& text, char delimiter, std::vector<std::string>& fields) {
  fields.assign(1, "");
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return !quoted;
}

class FolderImportReader : public ImportReader {
 public:
  FolderImportReader(std::vector<std::filesystem::path> files, ImportDescription d)
      : files_(std::move(files)), d_(std::move(d)) {
    if (d_.csv && d_.csv->delimiter && !d_.csv->delimiter->empty()) {
      delimiter_ = (*d_.csv->delimiter)[0];
    }
    for (const auto& a : d_.table.attribute_definitions) key_types_[a.attribute_name] = a.attribute_type;
  }

  Result<std::optional<Item>> Next(int64_t& errors) override {
    if (!pending_.empty()) {
      Item item = std::move(pending_.back());
      pending_.pop_back();
      return std::optional<Item>(std::move(item));
    }
    while (true) {
      if (!lines_) {
        if (next_file_ == files_.size()) return std::optional<Item>();
        auto bytes = OpenReader(files_[next_file_++].string(),
                                CompressionOf(d_.input_compression_type));
        if (!bytes) return std::move(bytes).error();
        lines_ = std::make_unique<LineReader>(*std::move(bytes));
        header_.reset();
        if (d_.csv && d_.csv->header_list) header_ = *d_.csv->header_list;
      }
      auto line = lines_->Next(processed_bytes_);
      if (!line) {  // not in its compression's format: one error, next file
        ++errors;
        lines_.reset();
        continue;
      }
      if (!*line) {
        lines_.reset();
        continue;
      }
      std::optional<Item> item;
      bool bad = false;
      if (d_.input_format == "CSV") {
        bad = !CsvItem(**line, item);
      } else {
        if (std::all_of((*line)->begin(), (*line)->end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
          continue;
        }
        auto decoded = d_.input_format == "ION" ? ParseIonItemLine(**line)
                                                : protocol::DecodeItemLine(**line);
        if (!decoded) {
          bad = true;
        } else if (!decoded->empty()) {
          item = std::move(decoded->front());
          // The rest of the line's items come next, in order.
          pending_.assign(std::make_move_iterator(decoded->rbegin()),
                          std::make_move_iterator(decoded->rend() - 1));
        }
      }
      if (bad) {
        ++errors;
        lines_.reset();
        continue;
      }
      if (item) return item;
    }
  }

  int64_t processed_bytes() const override { return processed_bytes_; }

  void SkipFile() override {
    lines_.reset();
    pending_.clear();
  }

 private:
  // False for a bad record; `item` stays empty for the header line.
  bool CsvItem(std::string text, std::optional<Item>& item) {
    std::vector<std::string> fields;
    while (!SplitCsv(text, delimiter_, fields)) {
      auto more = lines_->Next(processed_bytes_);
      if (!more || !*more) return false;
      text += "\n" + **more;
    }
    if (!header_) {
      header_ = fields;
      return true;
    }
    if (fields.size() != header_->size()) return false;
    Item out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string& name = (*header_)[i];
      std::string& value = fields[i];
      if (value.empty()) continue;
      auto typed = key_types_.find(name);
      if (typed == key_types_.end() || typed->second == Type::kS) {
        out[name] = AttributeValue::S(std::move(value));
      } else if (typed->second == Type::kN) {
        auto n = Number::Parse(value);
        if (!n) return false;
        out[name] = AttributeValue::N(*n);
      } else {
        auto b = protocol::Base64Decode(value);
        if (!b) return false;
        out[name] = AttributeValue::B(*std::move(b));
      }
    }
    item = std::move(out);
    return true;
  }

  std::vector<std::filesystem::path> files_;
  ImportDescription d_;
  std::size_t next_file_ = 0;
  std::unique_ptr<LineReader> lines_;
  std::optional<std::vector<std::string>> header_;
  char delimiter_ = ',';
  std::map<std::string, Type> key_types_;
  int64_t processed_bytes_ = 0;
  std::vector<Item> pending_;  // the line's further items, last first
};

}  // namespace

Result<std::unique_ptr<ImportReader>> NewImportReader(const std::filesystem::path& bucket,
                                                      const ImportDescription& d) {
  std::vector<std::pair<std::string, std::filesystem::path>> matching;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(bucket, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    std::string key = std::filesystem::relative(it->path(), bucket).generic_string();
    if (key.starts_with(d.s3_key_prefix)) matching.emplace_back(key, it->path());
  }
  if (error) return Error::Internal("cannot list " + bucket.string() + ": " + error.message());
  std::sort(matching.begin(), matching.end());
  std::vector<std::filesystem::path> files;
  for (auto& [key, path] : matching) files.push_back(std::move(path));
  return std::unique_ptr<ImportReader>(new FolderImportReader(std::move(files), d));
}

}  // namespace ddb::exchange
