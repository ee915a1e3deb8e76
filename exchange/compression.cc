#include "exchange/compression.h"

#include <zlib.h>
#include <zstd.h>

#include <vector>

namespace ddb::exchange {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

Error Unreadable(const std::string& path, std::string_view why) {
  return Error::Validation("Unable to read " + path + ": " + std::string(why));
}

class File {
 public:
  explicit File(std::FILE* f) : f_(f) {}
  ~File() {
    if (f_) std::fclose(f_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  std::FILE* get() const { return f_; }

 private:
  std::FILE* f_;
};

class PlainReader : public ByteReader {
 public:
  explicit PlainReader(std::FILE* f) : file_(f) {}
  Result<std::size_t> Read(char* out, std::size_t size) override {
    return std::fread(out, 1, size, file_.get());
  }

 private:
  File file_;
};

// Gzip members one after another (as gzip allows), nothing else.
class GzipReader : public ByteReader {
 public:
  GzipReader(std::FILE* f, std::string path) : file_(f), path_(std::move(path)), in_(kChunk) {
    z_ = {};
    inflateInit2(&z_, 16 + MAX_WBITS);
  }
  ~GzipReader() override { inflateEnd(&z_); }

  Result<std::size_t> Read(char* out, std::size_t size) override {
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(size);
    while (z_.avail_out == size && !ended_) {
      if (z_.avail_in == 0) {
        std::size_t n = std::fread(in_.data(), 1, in_.size(), file_.get());
        if (n == 0) {
          if (!started_ || in_member_) return Unreadable(path_, "truncated gzip data");
          ended_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(n);
      }
      started_ = true;
      in_member_ = true;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&z_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Unreadable(path_, "not gzip data");
      }
    }
    return size - z_.avail_out;
  }

 private:
  File file_;
  std::string path_;
  std::vector<char> in_;
  z_stream z_;
  bool started_ = false, in_member_ = false, ended_ = false;
};

class ZstdReader : public ByteReader {
 public:
  ZstdReader(std::FILE* f, std::string path)
      : file_(f), path_(std::move(path)), in_(kChunk), stream_(ZSTD_createDStream()) {}
  ~ZstdReader() override { ZSTD_freeDStream(stream_); }

  Result<std::size_t> Read(char* out, std::size_t size) override {
    ZSTD_outBuffer output{out, size, 0};
    while (output.pos == 0) {
      if (input_.pos == input_.size) {
        std::size_t n = std::fread(in_.data(), 1, in_.size(), file_.get());
        if (n == 0) {
          if (pending_) return Unreadable(path_, "truncated zstd data");
          return std::size_t{0};
        }
        input_ = {in_.data(), n, 0};
      }
      std::size_t rc = ZSTD_decompressStream(stream_, &output, &input_);
      if (ZSTD_isError(rc)) return Unreadable(path_, "not zstd data");
      pending_ = rc != 0;
    }
    return output.pos;
  }

 private:
  File file_;
  std::string path_;
  std::vector<char> in_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool pending_ = false;
};

}  // namespace

Result<std::unique_ptr<ByteReader>> OpenReader(const std::string& path, Compression compression) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Unreadable(path, "cannot open");
  switch (compression) {
    case Compression::kNone: return std::unique_ptr<ByteReader>(new PlainReader(f));
    case Compression::kGzip: return std::unique_ptr<ByteReader>(new GzipReader(f, path));
    case Compression::kZstd: return std::unique_ptr<ByteReader>(new ZstdReader(f, path));
  }
  std::fclose(f);
  return Unreadable(path, "unknown compression");
}

struct GzipWriter::Stream {
  z_stream z{};
  std::vector<char> out = std::vector<char>(kChunk);
};

GzipWriter::~GzipWriter() {
  if (stream_) deflateEnd(&stream_->z);
  if (file_) std::fclose(file_);
}

Result<std::unique_ptr<GzipWriter>> GzipWriter::Create(const std::string& path) {
  std::unique_ptr<GzipWriter> w(new GzipWriter());
  w->file_ = std::fopen(path.c_str(), "wb");
  if (!w->file_) return Error::Internal("cannot create " + path);
  w->stream_ = std::make_unique<Stream>();
  if (deflateInit2(&w->stream_->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return Error::Internal("deflateInit2 failed");
  }
  return w;
}

Status GzipWriter::Deflate(int flush) {
  z_stream& z = stream_->z;
  int rc = Z_OK;
  do {
    z.next_out = reinterpret_cast<Bytef*>(stream_->out.data());
    z.avail_out = static_cast<uInt>(stream_->out.size());
    rc = deflate(&z, flush);
    if (rc == Z_STREAM_ERROR) return Error::Internal("deflate failed");
    std::size_t n = stream_->out.size() - z.avail_out;
    if (n > 0 && std::fwrite(stream_->out.data(), 1, n, file_) != n) {
      return Error::Internal("write failed");
    }
  } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  return {};
}

Status GzipWriter::Write(std::string_view bytes) {
  z_stream& z = stream_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  return Deflate(Z_NO_FLUSH);
}

Status GzipWriter::Close() {
  if (auto s = Deflate(Z_FINISH); !s) return s;
  int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) return Error::Internal("close failed");
  return {};
}

}  // namespace ddb::exchange
