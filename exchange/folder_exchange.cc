#include "exchange/folder_exchange.h"

#include <system_error>

namespace ddb::exchange {

std::string JoinKey(const std::string& prefix, const std::string& name) {
  if (prefix.empty()) return name;
  return prefix.ends_with('/') ? prefix + name : prefix + "/" + name;
}

// S3 keys may hold anything; as file paths under a bucket's folder they must
// not leave it: no absolute key, no "." or ".." segment, no NUL.
bool StaysInBucket(std::string_view key) {
  if (key.starts_with('/') || key.find('\0') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(start, end - start);
    if (segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

Result<std::unique_ptr<ExportWriter>> FolderExchange::OpenExport(const ExportDescription& d) {
  if (!StaysInBucket(d.s3_prefix)) {
    return Error::Validation("The S3Prefix " + d.s3_prefix +
                             " cannot be a folder under the bucket's folder (an absolute path, "
                             "or a '.' or '..' segment)");
  }
  // There is no CreateBucket locally: an export makes its bucket's folder.
  std::error_code error;
  std::filesystem::create_directories(root_ / d.s3_bucket, error);
  if (error) {
    return Error::Internal("cannot create the folder of bucket " + d.s3_bucket + ": " +
                           error.message());
  }
  return NewExportWriter(root_ / d.s3_bucket, d);
}

Result<std::unique_ptr<ImportReader>> FolderExchange::OpenImport(const ImportDescription& d) {
  std::error_code error;
  if (!std::filesystem::is_directory(root_ / d.s3_bucket, error)) {
    return Error::ResourceNotFound(
        "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: "
        "NoSuchBucket)");
  }
  return NewImportReader(root_ / d.s3_bucket, d);
}

}  // namespace ddb::exchange
