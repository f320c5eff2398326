// Plain or gzipped AWS Config files (snapshot_file.h), with zlib.
#include "connectors/aws_config/snapshot_file.h"

#include <fmt/format.h>
#include <zlib.h>

#include <fstream>
#include <iterator>

namespace vigil::aws_config {

namespace {

Error too_large(const std::filesystem::path& path, size_t max_bytes, bool compressed) {
  return Error::at_offset(
             fmt::format(
                 "{}: {} more than {} bytes, the limit for one AWS Config file; it is not read "
                 "(split it, or raise aws_config_file_bytes: --limit or `limits:` in "
                 "vigil.yaml, docs/limits.md)",
                 path.string(), compressed ? "decompresses to" : "holds", max_bytes),
             0)
      .with_kind(Error::Kind::LimitExceeded);
}

Result<std::string> gunzip(const std::string& data, const std::filesystem::path& path,
                           size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK)  // 15 + 32: zlib or gzip header, detected
    return Error::at_offset(fmt::format("{}: cannot initialise zlib", path.string()), 0);
  std::string out;
  char buffer[1 << 16];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof(buffer);
    rc = inflate(&z, Z_NO_FLUSH);
    size_t produced = sizeof(buffer) - z.avail_out;
    if (out.size() + produced > max_bytes) {
      inflateEnd(&z);
      return too_large(path, max_bytes, true);
    }
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      inflateReset(&z);  // another gzip member follows
      continue;
    }
    if (rc != Z_OK || (z.avail_in == 0 && z.avail_out != 0)) break;
  }
  size_t consumed = data.size() - z.avail_in;
  inflateEnd(&z);
  if (rc != Z_STREAM_END)
    return Error::at_offset(
        fmt::format("{}: corrupt or truncated gzip data at compressed byte {} ({})", path.string(),
                    consumed, rc == Z_OK || rc == Z_BUF_ERROR ? "unexpected end" : "bad data"),
        consumed);
  return out;
}

}  // namespace

Result<std::string> read_config_file(const std::filesystem::path& path, size_t max_bytes) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) return too_large(path, max_bytes, false);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error::at_offset(fmt::format("{}: cannot read the file (permissions?)", path.string()),
                            0);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
      static_cast<unsigned char>(data[1]) == 0x8b)
    return gunzip(data, path, max_bytes);
  return data;
}

}  // namespace vigil::aws_config
