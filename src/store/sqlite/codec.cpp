// See codec.h. Compressed content is zlib's format (RFC 1950) after a 4-byte
// little-endian length of the original text.
#include "store/sqlite/codec.h"

#include <zlib.h>

#include "store/sqlite/sqlite_db.h"

namespace vigil::store::sqlite {

std::optional<ScanState> scan_state_from(std::string_view text) {
  for (ScanState s : {ScanState::Running, ScanState::Completed, ScanState::Failed, ScanState::Interrupted})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string encode_content(std::string_view content, bool compress, ContentEncoding& encoding) {
  encoding = ContentEncoding::Raw;
  if (!compress || content.size() < 128 || content.size() > 0xffffffffu) return std::string(content);
  uLongf bound = compressBound(static_cast<uLong>(content.size()));
  std::string out(4 + bound, '\0');
  uint32_t n = static_cast<uint32_t>(content.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  if (compress2(reinterpret_cast<Bytef*>(out.data() + 4), &bound, reinterpret_cast<const Bytef*>(content.data()),
                static_cast<uLong>(content.size()), 1) != Z_OK ||
      4 + bound >= content.size())
    return std::string(content);
  out.resize(4 + bound);
  encoding = ContentEncoding::Zlib;
  return out;
}

std::string decode_content(std::string_view stored, ContentEncoding encoding) {
  if (encoding == ContentEncoding::Raw) return std::string(stored);
  if (encoding != ContentEncoding::Zlib || stored.size() < 4)
    throw SqliteError("asset content: unknown encoding or truncated column (the store file is damaged)");
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= uint32_t(static_cast<unsigned char>(stored[i])) << (8 * i);
  std::string out(n, '\0');
  uLongf size = n;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(stored.data() + 4),
                 static_cast<uLong>(stored.size() - 4)) != Z_OK ||
      size != n)
    throw SqliteError("asset content: corrupt compressed column (the store file is damaged)");
  return out;
}

}  // namespace vigil::store::sqlite
