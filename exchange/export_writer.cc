// The files of an export, as DynamoDB writes them to S3:
//
//   <prefix>/AWSDynamoDB/<ExportId>/_started              empty, first
//   <prefix>/AWSDynamoDB/<ExportId>/data/<name>.json.gz   full export (.ion.gz: ION)
//   <prefix>/AWSDynamoDB/data/<name>.json.gz              incremental export
//   <prefix>/AWSDynamoDB/<ExportId>/manifest-files.json   a line per data file
//   <prefix>/AWSDynamoDB/<ExportId>/manifest-files.md5    base64 MD5 of it
//   <prefix>/AWSDynamoDB/<ExportId>/manifest-summary.json
//   <prefix>/AWSDynamoDB/<ExportId>/manifest-summary.md5
//
// <name> is 26 random characters of [a-z2-7]; one data file per export
// (DynamoDB writes one per partition). Keys in the manifests are whole, from
// the bucket's root. The JSON files are compact, one object per line.
#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <random>
#include <system_error>

#include "exchange/compression.h"
#include "exchange/folder_exchange.h"
#include "exchange/ion.h"
#include "protocol/base64.h"
#include "protocol/exchange_lines.h"
#include "protocol/json_writer.h"

namespace ddb::exchange {
namespace {

// Incremental exports are billed at least 10 MB.
constexpr int64_t kMinIncrementalBilledBytes = 10'000'000;

std::string Md5(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), size);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string RandomName() {
  static thread_local std::mt19937 random{std::random_device{}()};
  static constexpr char kBase32[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  for (int i = 0; i < 26; ++i) out += kBase32[random() % 32];
  return out;
}

// "2026-01-14T10:18:50.622Z"
std::string IsoMillis(double seconds) {
  auto ms = static_cast<int64_t>(std::llround(seconds * 1000));
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03lldZ", text, static_cast<long long>(ms % 1000));
  return out;
}

// The MD5 of a file, read a piece at a time.
Result<std::string> Md5OfFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Internal("cannot read " + path.string());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  EVP_DigestInit_ex(context.get(), EVP_md5(), nullptr);
  char chunk[64 * 1024];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    EVP_DigestUpdate(context.get(), chunk, static_cast<std::size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(context.get(), digest, &size);
  return std::string(reinterpret_cast<char*>(digest), size);
}

Status WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Error::Internal("cannot write " + path.string());
  return {};
}

Status MakeParent(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) return Error::Internal("cannot create " + path.parent_path().string());
  return {};
}

class FolderExportWriter : public ExportWriter {
 public:
  FolderExportWriter(std::filesystem::path bucket, ExportDescription d)
      : bucket_(std::move(bucket)), d_(std::move(d)), ion_(d_.export_format == "ION") {
    const std::string id = d_.export_arn.substr(d_.export_arn.rfind('/') + 1);
    const std::string name = RandomName() + (ion_ ? ".ion.gz" : ".json.gz");
    base_key_ = JoinKey(d_.s3_prefix, "AWSDynamoDB/" + id + "/");
    data_key_ = d_.incremental ? JoinKey(d_.s3_prefix, "AWSDynamoDB/data/" + name)
                               : base_key_ + "data/" + name;
  }

  Status Open() {
    if (auto s = MakeParent(Path(base_key_ + "_started")); !s) return s;
    if (auto s = WriteFile(Path(base_key_ + "_started"), ""); !s) return s;
    if (auto s = MakeParent(Path(data_key_)); !s) return s;
    auto gzip = GzipWriter::Create(Path(data_key_).string());
    if (!gzip) return std::move(gzip).error();
    data_ = *std::move(gzip);
    return {};
  }

  Status Write(const ExportLine& line) override {
    std::string text;
    if (line.item) {
      text = ion_ ? IonItemLine(*line.item) : protocol::EncodeItemLine(*line.item);
    } else if (ion_) {
      text = IonChangeLine(line.write_micros, *line.keys, line.old_image, line.new_image);
    } else {
      text = protocol::EncodeChangeLine(line.write_micros, *line.keys, line.old_image,
                                        line.new_image);
    }
    text += '\n';
    bytes_ += static_cast<int64_t>(text.size());
    ++items_;
    return data_->Write(text);
  }

  Status Finish(ExportDescription& d) override {
    if (auto s = data_->Close(); !s) return s;
    auto digest_of = Md5OfFile(Path(data_key_));
    if (!digest_of) return std::move(digest_of).error();
    const std::string digest = *std::move(digest_of);
    protocol::JsonWriter files;
    files.BeginObject();
    files.PlainKey("itemCount").Int(items_);
    files.PlainKey("md5Checksum").String(protocol::Base64Encode(digest));
    files.PlainKey("etag").String(Hex(digest));
    files.PlainKey("dataFileS3Key").String(data_key_);
    files.EndObject();
    const std::string files_text = std::move(files).Take() + "\n";
    if (auto s = WriteManifest("manifest-files", files_text); !s) return s;

    d.item_count = items_;
    d.billed_size_bytes = d.incremental ? std::max(bytes_, kMinIncrementalBilledBytes) : bytes_;
    d.export_manifest = base_key_ + "manifest-summary.json";
    return WriteManifest("manifest-summary", Summary(d));
  }

 private:
  std::filesystem::path Path(const std::string& key) const { return bucket_ / key; }

  Status WriteManifest(const std::string& name, const std::string& text) {
    if (auto s = WriteFile(Path(base_key_ + name + ".json"), text); !s) return s;
    return WriteFile(Path(base_key_ + name + ".md5"), protocol::Base64Encode(Md5(text)));
  }

  std::string Summary(const ExportDescription& d) const {
    protocol::JsonWriter out;
    auto optional = [&](const char* key, const std::optional<std::string>& value) {
      out.PlainKey(key);
      if (value) {
        out.String(*value);
      } else {
        out.Null();
      }
    };
    out.BeginObject();
    out.PlainKey("version").String(d.incremental ? "2023-08-01" : "2020-06-30");
    out.PlainKey("exportArn").String(d.export_arn);
    out.PlainKey("startTime").String(IsoMillis(d.start_time));
    out.PlainKey("endTime").String(IsoMillis(d.end_time > 0 ? d.end_time : d.start_time));
    out.PlainKey("tableArn").String(d.table_arn);
    out.PlainKey("tableId").String(d.table_id);
    if (d.incremental) {
      out.PlainKey("exportFromTime").String(IsoMillis(d.incremental->export_from_time.value_or(0)));
      out.PlainKey("exportToTime").String(IsoMillis(d.incremental->export_to_time.value_or(0)));
    } else {
      out.PlainKey("exportTime").String(IsoMillis(d.export_time));
    }
    out.PlainKey("s3Bucket").String(d.s3_bucket);
    optional("s3Prefix", d.s3_prefix.empty() ? std::nullopt : std::optional(d.s3_prefix));
    out.PlainKey("s3SseAlgorithm").String(d.s3_sse_algorithm);
    optional("s3SseKmsKeyId", d.s3_sse_kms_key_id);
    out.PlainKey("manifestFilesS3Key").String(base_key_ + "manifest-files.json");
    out.PlainKey("billedSizeBytes").Int(d.billed_size_bytes);
    out.PlainKey("itemCount").Int(d.item_count);
    out.PlainKey("outputFormat").String(d.export_format);
    if (d.incremental) {
      out.PlainKey("outputView").String(d.incremental->export_view_type);
      out.PlainKey("exportType").String("INCREMENTAL_EXPORT");
    }
    out.EndObject();
    return std::move(out).Take();
  }

  std::filesystem::path bucket_;
  ExportDescription d_;
  bool ion_;  // ExportFormat ION: Ion text lines, .ion.gz
  std::string base_key_;  // ".../AWSDynamoDB/<ExportId>/"
  std::string data_key_;
  std::unique_ptr<GzipWriter> data_;
  int64_t items_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace

Result<std::unique_ptr<ExportWriter>> NewExportWriter(const std::filesystem::path& bucket,
                                                      const ExportDescription& d) {
  auto writer = std::make_unique<FolderExportWriter>(bucket, d);
  if (auto s = writer->Open(); !s) return std::move(s).error();
  return std::unique_ptr<ExportWriter>(std::move(writer));
}

}  // namespace ddb::exchange
