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
// No line (or CSV record) of an item is longer than this: an item is at
// most 400 KB, and its JSON or Ion text a few times that at worst.
constexpr std::size_t kMaxLineBytes = 4 * 1024 * 1024;

// Splits a file's bytes into lines ('\n', a '\r' before it dropped). A line
// longer than kMaxLineBytes is an error of that file.
class LineReader {
 public:
  explicit LineReader(std::unique_ptr<ByteReader> bytes) : bytes_(std::move(bytes)) {}

  // The next line, or nullopt at the end.
  Result<std::optional<std::string>> Next(int64_t& bytes_read) {
    while (true) {
      std::size_t newline = buffer_.find('\n', start_ + scanned_);
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(start_, newline - start_);
        start_ = newline + 1;
        scanned_ = 0;
        bytes_read += static_cast<int64_t>(line.size()) + 1;
        if (line.ends_with('\r')) line.pop_back();
        return std::optional<std::string>(std::move(line));
      }
      scanned_ = buffer_.size() - start_;
      if (scanned_ > kMaxLineBytes) return Error::Validation("a line is too long");
      // Drop what was returned before reading on, once per chunk.
      buffer_.erase(0, start_);
      start_ = 0;
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
  std::size_t start_ = 0;    // of the next line in buffer_
  std::size_t scanned_ = 0;  // bytes after start_ known to hold no newline
};

// Strings in items are UTF-8: a CSV or Ion line that is not is an error.
bool ValidUtf8(std::string_view text) {
  static constexpr unsigned kMin[] = {0, 0x80, 0x800, 0x10000};  // no overlong forms
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    unsigned code = 0;
    if ((c >> 5) == 0x6) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c >> 4) == 0xE) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c >> 3) == 0x1E) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next >> 6) != 2) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < kMin[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

// A CSV record read line by line: the fields so far, and whether a quote is
// open (the record then goes on on the next line).
struct CsvRecord {
  std::vector<std::string> fields{std::string()};
  bool quoted = false;
  std::size_t bytes = 0;

  void Add(std::string_view line, char delimiter) {
    bytes += line.size() + 1;
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
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
    if (quoted) fields.back() += '\n';  // the line break is part of the field
  }
};

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
      if (d_.input_format != "DYNAMODB_JSON" && !ValidUtf8(**line)) {
        bad = true;
      } else if (d_.input_format == "CSV") {
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
  bool CsvItem(const std::string& text, std::optional<Item>& item) {
    CsvRecord record;
    record.Add(text, delimiter_);
    while (record.quoted) {
      if (record.bytes > kMaxLineBytes) return false;
      auto more = lines_->Next(processed_bytes_);
      if (!more || !*more || !ValidUtf8(**more)) return false;
      record.Add(**more, delimiter_);
    }
    std::vector<std::string>& fields = record.fields;
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
  // Regular files only: no symbolic link leads out of the bucket's folder.
  for (auto it = std::filesystem::recursive_directory_iterator(bucket, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    std::error_code kind;
    if (it->is_symlink(kind) || !it->is_regular_file(kind) || kind) continue;
    std::string key = it->path().lexically_relative(bucket).generic_string();
    if (key.starts_with(d.s3_key_prefix)) matching.emplace_back(key, it->path());
  }
  if (error) return Error::Internal("cannot list " + bucket.string() + ": " + error.message());
  std::sort(matching.begin(), matching.end());
  std::vector<std::filesystem::path> files;
  for (auto& [key, path] : matching) files.push_back(std::move(path));
  return std::unique_ptr<ImportReader>(new FolderImportReader(std::move(files), d));
}

}  // namespace ddb::exchange
