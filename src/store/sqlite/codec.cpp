// See codec.h. Compressed content is zlib's format (RFC 1950) after a 4-byte
// little-endian length of the original text.
#include "store/sqlite/codec.h"

#include <zlib.h>

#include "store/sqlite/sqlite_db.h"

namespace vigil::store::sqlite {

std::optional<ScanState> scan_state_from(std::string_view text) {
  for (ScanState s :
       {ScanState::Running, ScanState::Completed, ScanState::Failed, ScanState::Interrupted})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

namespace {

// One deflate state reused for every asset (deflateInit allocates and clears
// ~270 KiB; doing that per asset cost more than the compression itself).
class Deflater {
 public:
  // A 4 KiB window and a small hash: asset documents are a few KiB, and
  // deflateReset clears the hash table on every call.
  Deflater() { ok_ = deflateInit2(&z_, 1, Z_DEFLATED, 12, 4, Z_DEFAULT_STRATEGY) == Z_OK; }
  ~Deflater() {
    if (ok_) deflateEnd(&z_);
  }
  // Compresses `in` after the 4-byte length into `out`; false on failure.
  bool compress(std::string_view in, std::string& out) {
    if (!ok_ || deflateReset(&z_) != Z_OK) return false;
    uLong bound = deflateBound(&z_, static_cast<uLong>(in.size()));
    out.resize(4 + bound);
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    z_.next_out = reinterpret_cast<Bytef*>(out.data() + 4);
    z_.avail_out = static_cast<uInt>(bound);
    if (deflate(&z_, Z_FINISH) != Z_STREAM_END) return false;
    out.resize(4 + z_.total_out);
    return true;
  }

 private:
  z_stream z_{};
  bool ok_ = false;
};

}  // namespace

std::string encode_content(std::string_view content, bool compress, ContentEncoding& encoding) {
  encoding = ContentEncoding::Raw;
  if (!compress || content.size() < 128 || content.size() > 0xffffffffu)
    return std::string(content);
  thread_local Deflater deflater;
  std::string out;
  if (!deflater.compress(content, out) || out.size() >= content.size()) return std::string(content);
  uint32_t n = static_cast<uint32_t>(content.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  encoding = ContentEncoding::Zlib;
  return out;
}

std::string decode_content(std::string_view stored, ContentEncoding encoding) {
  if (encoding == ContentEncoding::Raw) return std::string(stored);
  if (encoding != ContentEncoding::Zlib || stored.size() < 4)
    throw SqliteError(
        "asset content: unknown encoding or truncated column (the store file is damaged)");
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= uint32_t(static_cast<unsigned char>(stored[i])) << (8 * i);
  std::string out(n, '\0');
  uLongf size = n;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                 reinterpret_cast<const Bytef*>(stored.data() + 4),
                 static_cast<uLong>(stored.size() - 4)) != Z_OK ||
      size != n)
    throw SqliteError("asset content: corrupt compressed column (the store file is damaged)");
  return out;
}

}  // namespace vigil::store::sqlite
