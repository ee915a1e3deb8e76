#include "exchange/folder_exchange.h"

#include <system_error>

namespace ddb::exchange {

std::string JoinKey(const std::string& prefix, const std::string& name) {
  if (prefix.empty()) return name;
  return prefix.ends_with('/') ? prefix + name : prefix + "/" + name;
}

Result<std::unique_ptr<ExportWriter>> FolderExchange::OpenExport(const ExportDescription& d) {
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
