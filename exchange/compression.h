// exchange/compression.h
//
// Files read and written through the compressions DynamoDB's exports and
// imports use: none, gzip, zstd (imports only). The only place zlib's
// streams and zstd are used.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "model/error.h"

namespace ddb::exchange {

enum class Compression { kNone, kGzip, kZstd };

// Reads a file's bytes, decompressed.
class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Up to `size` bytes into `out`; 0 at the end. An error when the file is
  // not in its compression's format.
  virtual Result<std::size_t> Read(char* out, std::size_t size) = 0;
};

Result<std::unique_ptr<ByteReader>> OpenReader(const std::string& path, Compression compression);

// Writes a gzip file.
class GzipWriter {
 public:
  ~GzipWriter();
  static Result<std::unique_ptr<GzipWriter>> Create(const std::string& path);
  Status Write(std::string_view bytes);
  Status Close();

 private:
  GzipWriter() = default;
  Status Deflate(int flush);

  std::FILE* file_ = nullptr;
  struct Stream;
  std::unique_ptr<Stream> stream_;
};

}  // namespace ddb::exchange
