// Hasher and the asset content hash (content_hash.h).
#include "tracker/content_hash.h"

#include <cstring>

namespace vigil::tracker {

namespace {

constexpr uint64_t kMul1 = 0x87c37b91114253d5ull;
constexpr uint64_t kMul2 = 0x4cf5ad432745937full;
constexpr uint64_t kSeed = 0x9e3779b97f4a7c15ull;  // Hasher::h_'s initial value

#define VIGIL_HASH_INLINE inline __attribute__((always_inline))

VIGIL_HASH_INLINE uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

VIGIL_HASH_INLINE uint64_t load_partial(const unsigned char* p, size_t n) {  // n < 8, LE
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t(p[i]) << (8 * i);
  return v;
}

VIGIL_HASH_INLINE uint64_t load_word(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// The hash is defined over the byte stream (8-byte little-endian words, the
// last partial word zero-padded, the length folded in at the end). A pending
// partial word of `len` bytes is kept in `tail`; whole words arriving while
// len > 0 are spliced with shifts, so no input is handled a byte at a time
// (the result equals feeding the stream byte by byte). Stream is the inlined
// state hash_node works on; Hasher keeps the same four fields.
struct Stream {
  uint64_t h, tail;
  unsigned len;
  uint64_t total;

  VIGIL_HASH_INLINE void word(uint64_t w) {
    h ^= rotl(w * kMul1, 31) * kMul2;
    h = rotl(h, 27) * 5 + 0x52dce729;
  }
  // Appends 8 bytes after the pending `len` ones: the low word completes,
  // the high part is the new pending tail (a 128-bit shift, no branch on len).
  VIGIL_HASH_INLINE void splice(uint64_t v) {
    unsigned __int128 x = static_cast<unsigned __int128>(v) << (8 * len);
    word(tail | static_cast<uint64_t>(x));
    tail = static_cast<uint64_t>(x >> 64);
  }
  VIGIL_HASH_INLINE void u64(uint64_t v) {
    total += 8;
    splice(v);
  }
  VIGIL_HASH_INLINE void bytes(const unsigned char* p, size_t n) {
    total += n;
    const bool long_text = n >= 8;
    const unsigned char* end = p + n;
    for (; n >= 8; n -= 8, p += 8) splice(load_word(p));
    if (n == 0) return;
    // The last n (< 8) bytes: one overlapping load of the text's last word
    // when it has 8 bytes or more, else byte by byte.
    uint64_t t = long_text ? load_word(end - 8) >> (8 * (8 - n)) : load_partial(p, n);
    unsigned __int128 x = static_cast<unsigned __int128>(t) << (8 * len);
    uint64_t low = tail | static_cast<uint64_t>(x), high = static_cast<uint64_t>(x >> 64);
    unsigned filled = len + unsigned(n);
    uint64_t mixed = h;
    mixed ^= rotl(low * kMul1, 31) * kMul2;
    mixed = rotl(mixed, 27) * 5 + 0x52dce729;
    bool full = filled >= 8;
    h = full ? mixed : h;
    tail = full ? high : low;
    len = filled & 7;
  }
  VIGIL_HASH_INLINE void text(std::string_view s) {
    u64(s.size());
    bytes(reinterpret_cast<const unsigned char*>(s.data()), s.size());
  }
  uint64_t finish() const {
    uint64_t x = h;
    if (len) x ^= rotl(tail * kMul1, 31) * kMul2;
    return fmix(x ^ total);
  }
};

void hash_node(const JsonDoc& doc, uint32_t index, Stream& h, bool top) {
  const JsonDoc::Node& n = doc.node(index);
  h.u64(static_cast<uint64_t>(n.kind));
  switch (n.kind) {
    case JsonKind::Null:
      break;
    case JsonKind::Bool:
      h.u64(n.b ? 1 : 0);
      break;
    case JsonKind::Int:
      h.u64(static_cast<uint64_t>(n.i));
      break;
    case JsonKind::Uint:
      h.u64(n.u);
      break;
    case JsonKind::Double: {
      uint64_t bits;
      std::memcpy(&bits, &n.d, sizeof bits);
      h.u64(bits);
      break;
    }
    case JsonKind::String:
    case JsonKind::Unavailable:
      h.text(doc.string_at(n.span.offset, n.span.count));
      break;
    case JsonKind::Array:
      h.u64(n.span.count);
      for (uint32_t i = 0; i < n.span.count; ++i) hash_node(doc, n.span.offset + i, h, false);
      break;
    case JsonKind::Object: {
      KeyTable& keys = KeyTable::instance();
      static const uint32_t collected_at = keys.intern("collected_at");
      for (uint32_t i = 0; i < n.span.count; ++i) {
        uint32_t child = n.span.offset + i;
        uint32_t key = doc.node(child).key;
        if (top && key == collected_at) continue;
        h.text(keys.name(key));
        hash_node(doc, child, h, false);
      }
      h.u64(0xffffffffffffffffull);  // end of object
      break;
    }
  }
}

}  // namespace

void Hasher::word(uint64_t w) {
  Stream s{h_, tail_, tail_len_, total_};
  s.word(w);
  h_ = s.h;
}

void Hasher::bytes(const void* data, size_t n) {
  Stream s{h_, tail_, tail_len_, total_};
  s.bytes(static_cast<const unsigned char*>(data), n);
  h_ = s.h, tail_ = s.tail, tail_len_ = s.len, total_ = s.total;
}

void Hasher::u64(uint64_t v) {
  Stream s{h_, tail_, tail_len_, total_};
  s.u64(v);
  h_ = s.h, tail_ = s.tail, tail_len_ = s.len, total_ = s.total;
}

uint64_t Hasher::finish() const { return Stream{h_, tail_, tail_len_, total_}.finish(); }

uint64_t text_hash(std::string_view s) {
  Stream h{kSeed, 0, 0, 0};
  h.bytes(reinterpret_cast<const unsigned char*>(s.data()), s.size());
  return h.finish();
}

uint64_t asset_content_hash(const JsonDoc& doc) {
  Stream h{kSeed, 0, 0, 0};
  hash_node(doc, 0, h, true);
  return h.finish();
}

}  // namespace vigil::tracker
