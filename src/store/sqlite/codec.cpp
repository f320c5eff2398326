// See codec.h. Compressors and decompressors are one per thread, reused for
// every asset: setting one up costs more than compressing a few KiB.
#include "store/sqlite/codec.h"

#include <zdict.h>
#include <zlib.h>
#include <zstd.h>

#include <unordered_map>

#include "store/sqlite/sqlite_db.h"

namespace vigil::store::sqlite {

namespace {

// Content shorter than this is stored as text (a frame header and the
// column's encoding would eat the gain).
constexpr size_t kMinCompressed = 128;

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
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
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
    uint32_t n = static_cast<uint32_t>(in.size());
    for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return true;
  }

 private:
  z_stream z_{};
  bool ok_ = false;
};

// Zstandard level 1 without a dictionary (ContentDictionaries is the fast
// path): per ~1 KiB document about 4x faster than zlib level 1, same ratio.
class ZstdCompressor {
 public:
  ZstdCompressor() : cctx_(ZSTD_createCCtx()) {
    if (cctx_) ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, 1);
  }
  ~ZstdCompressor() { ZSTD_freeCCtx(cctx_); }
  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;
  bool compress(std::string_view in, std::string& out) {
    if (!cctx_) return false;
    out.resize(ZSTD_compressBound(in.size()));
    // compress2 writes the content size into the frame header (decode
    // relies on it) and reuses the context's tables between calls.
    size_t n = ZSTD_compress2(cctx_, out.data(), out.size(), in.data(), in.size());
    if (ZSTD_isError(n)) return false;
    out.resize(n);
    return true;
  }

 private:
  ZSTD_CCtx* cctx_;
};

// Decompresses one frame, with `dict` when its header names one.
std::string zstd_decompress(std::string_view in, const ZSTD_DDict* dict) {
  thread_local struct Ctx {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Ctx() { ZSTD_freeDCtx(dctx); }
  } ctx;
  unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  // Asset documents are far below 4 GiB; a larger size is a damaged header.
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > 0xffffffffu)
    throw SqliteError("asset content: damaged zstd frame header (the store file is damaged)");
  if (!ctx.dctx) throw SqliteError("asset content: out of memory for a zstd decoder");
  std::string out(static_cast<size_t>(size), '\0');
  size_t n = dict ? ZSTD_decompress_usingDDict(ctx.dctx, out.data(), out.size(), in.data(),
                                               in.size(), dict)
                  : ZSTD_decompressDCtx(ctx.dctx, out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(n) || n != out.size())
    throw SqliteError("asset content: corrupt zstd column (the store file is damaged)");
  return out;
}

std::string decode_zlib(std::string_view stored) {
  if (stored.size() < 4)
    throw SqliteError("asset content: truncated zlib column (the store file is damaged)");
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= uint32_t(static_cast<unsigned char>(stored[i])) << (8 * i);
  std::string out(n, '\0');
  uLongf size = n;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                 reinterpret_cast<const Bytef*>(stored.data() + 4),
                 static_cast<uLong>(stored.size() - 4)) != Z_OK ||
      size != n)
    throw SqliteError("asset content: corrupt zlib column (the store file is damaged)");
  return out;
}

}  // namespace

ContentEncoding encode_content(std::string_view content, ContentEncoding codec, std::string& out) {
  bool compressed = false;
  if (content.size() >= kMinCompressed && content.size() <= 0xffffffffu) {
    if (codec == ContentEncoding::Zstd) {
      thread_local ZstdCompressor zstd;
      compressed = zstd.compress(content, out);
    } else if (codec == ContentEncoding::Zlib) {
      thread_local Deflater deflater;
      compressed = deflater.compress(content, out);
    }
  }
  if (compressed && out.size() < content.size()) return codec;
  out.assign(content);
  return ContentEncoding::Raw;
}

std::string decode_content(std::string_view stored, ContentEncoding encoding) {
  switch (encoding) {
    case ContentEncoding::Raw:
      return std::string(stored);
    case ContentEncoding::Zlib:
      return decode_zlib(stored);
    case ContentEncoding::Zstd:
      if (unsigned id = ZSTD_getDictID_fromFrame(stored.data(), stored.size()))
        throw SqliteError("asset content: zstd frame of dictionary " + std::to_string(id) +
                          " read without the store's dictionaries");
      return zstd_decompress(stored, nullptr);
  }
  throw SqliteError("asset content: unknown encoding " +
                    std::to_string(static_cast<int64_t>(encoding)) +
                    " (written by a newer vigil, or the store file is damaged)");
}

// ------------------------------------------------------ ContentDictionaries

namespace {

// Dictionary size: zstd's usual default; ~100 sampled documents' worth.
constexpr size_t kDictionaryBytes = 64 * 1024;
// Level 1 with a dictionary: on asset JSON as small as level 3 within 5%.
constexpr int kLevel = 1;

}  // namespace

struct ContentDictionaries::State {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CDict* writing = nullptr;  // the current dictionary for encode()
  int64_t writing_id = 0;
  std::unordered_map<int64_t, ZSTD_DDict*> reading;  // by id, loaded on first use

  ~State() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeCDict(writing);
    for (auto& [id, d] : reading) ZSTD_freeDDict(d);
  }
  void use_for_writing(int64_t id, std::string_view dict) {
    if (id == writing_id && writing) return;
    ZSTD_freeCDict(writing);
    writing = ZSTD_createCDict(dict.data(), dict.size(), kLevel);
    writing_id = writing ? id : 0;
  }
};

ContentDictionaries::ContentDictionaries() : state_(std::make_unique<State>()) {}
ContentDictionaries::~ContentDictionaries() = default;

void ContentDictionaries::forget() { state_ = std::make_unique<State>(); }

bool ContentDictionaries::begin(Database& db) {
  auto q =
      db.query("SELECT id, dict FROM content_dictionaries ORDER BY created DESC, id DESC LIMIT 1");
  if (!q.step()) {
    ZSTD_freeCDict(state_->writing);
    state_->writing = nullptr;
    state_->writing_id = 0;
    return false;
  }
  state_->use_for_writing(q.int64(0), q.blob(1));
  return state_->writing != nullptr;
}

bool ContentDictionaries::train(Database& db, const std::vector<std::string>& samples,
                                int64_t created_ms, int64_t scan_id) {
  std::string joined;
  std::vector<size_t> sizes;
  sizes.reserve(samples.size());
  for (const std::string& s : samples) {
    joined += s;
    sizes.push_back(s.size());
  }
  std::string dict(kDictionaryBytes, '\0');
  size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), joined.data(), sizes.data(),
                                   static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(n)) return false;  // too few or too alike samples: stay Raw
  dict.resize(n);
  // The id is the dictionary's own (derived from its content by zstd, in
  // [32768, 2^31)), so frames name their dictionary with no extra bytes.
  int64_t id = ZDICT_getDictID(dict.data(), dict.size());
  if (id == 0) return false;
  {
    auto q = db.query("SELECT dict FROM content_dictionaries WHERE id = ?1");
    q.bind(1, id);
    if (q.step()) {
      if (q.blob(0) != std::string_view(dict)) return false;  // another dictionary has this id
      state_->use_for_writing(id, dict);
      return state_->writing != nullptr;
    }
  }
  db.query(
        "INSERT INTO content_dictionaries(id, created, scan_id, samples, dict) VALUES (?1, ?2, "
        "?3, ?4, ?5)")
      .bind(1, id)
      .bind(2, created_ms)
      .bind(3, scan_id)
      .bind(4, static_cast<int64_t>(samples.size()))
      .bind_blob(5, dict)
      .run();
  state_->use_for_writing(id, dict);
  return state_->writing != nullptr;
}

ContentEncoding ContentDictionaries::encode(std::string_view content, std::string& out) {
  State& st = *state_;
  if (st.writing && st.cctx && content.size() >= kMinCompressed && content.size() <= 0xffffffffu) {
    out.resize(ZSTD_compressBound(content.size()));
    size_t n = ZSTD_compress_usingCDict(st.cctx, out.data(), out.size(), content.data(),
                                        content.size(), st.writing);
    if (!ZSTD_isError(n) && n < content.size()) {
      out.resize(n);
      return ContentEncoding::Zstd;
    }
  }
  out.assign(content);
  return ContentEncoding::Raw;
}

std::string ContentDictionaries::decode(Database& db, std::string_view stored,
                                        ContentEncoding encoding) {
  if (encoding != ContentEncoding::Zstd) return decode_content(stored, encoding);
  int64_t id = ZSTD_getDictID_fromFrame(stored.data(), stored.size());
  if (id == 0) return zstd_decompress(stored, nullptr);
  auto it = state_->reading.find(id);
  if (it == state_->reading.end()) {
    auto q = db.query("SELECT dict FROM content_dictionaries WHERE id = ?1");
    q.bind(1, id);
    if (!q.step())
      throw SqliteError("asset content: zstd dictionary " + std::to_string(id) +
                        " is not in content_dictionaries (the store file is damaged)");
    std::string_view dict = q.blob(0);
    ZSTD_DDict* d = ZSTD_createDDict(dict.data(), dict.size());
    if (!d)
      throw SqliteError("asset content: zstd dictionary " + std::to_string(id) +
                        " does not load (the store file is damaged)");
    it = state_->reading.emplace(id, d).first;
  }
  return zstd_decompress(stored, it->second);
}

}  // namespace vigil::store::sqlite
