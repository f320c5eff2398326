// Hasher and the asset content hash (content_hash.h).
#include "tracker/content_hash.h"

#include <cstring>

namespace vigil::tracker {

namespace {

constexpr uint64_t kMul1 = 0x87c37b91114253d5ull;
constexpr uint64_t kMul2 = 0x4cf5ad432745937full;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

void hash_node(const JsonDoc& doc, uint32_t index, Hasher& h, bool top) {
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
  h_ ^= rotl(w * kMul1, 31) * kMul2;
  h_ = rotl(h_, 27) * 5 + 0x52dce729;
}

// The hash is defined over the byte stream (8-byte little-endian words, the
// last partial word zero-padded). A pending partial word of k bytes is kept
// in tail_; whole words arriving while k > 0 are spliced with shifts, so no
// input is handled a byte at a time (the result is the same as feeding the
// stream byte by byte).
namespace {
uint64_t load_partial(const unsigned char* p, size_t n) {  // n < 8, little-endian
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t(p[i]) << (8 * i);
  return v;
}
uint64_t load_word(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
}  // namespace

void Hasher::bytes(const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  total_ += n;
  const unsigned k = tail_len_;
  if (k == 0) {
    for (; n >= 8; n -= 8, p += 8) word(load_word(p));
    tail_ = load_partial(p, n);
    tail_len_ = unsigned(n);
    return;
  }
  const unsigned lo = 8 * k, hi = 64 - lo;  // both in [8, 56]
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t w = load_word(p);
    word(tail_ | (w << lo));
    tail_ = w >> hi;
  }
  if (n == 0) return;
  uint64_t t = load_partial(p, n);
  if (k + n >= 8) {
    word(tail_ | (t << lo));
    tail_ = t >> hi;
    tail_len_ = unsigned(k + n - 8);
  } else {
    tail_ |= t << lo;
    tail_len_ = unsigned(k + n);
  }
}

void Hasher::u64(uint64_t v) {
  total_ += 8;
  if (tail_len_ == 0) return word(v);
  const unsigned lo = 8 * tail_len_;
  word(tail_ | (v << lo));
  tail_ = v >> (64 - lo);
}

uint64_t Hasher::finish() const {
  uint64_t h = h_;
  if (tail_len_) h ^= rotl(tail_ * kMul1, 31) * kMul2;
  return fmix(h ^ total_);
}

uint64_t text_hash(std::string_view s) {
  Hasher h;
  h.bytes(s.data(), s.size());
  return h.finish();
}

uint64_t asset_content_hash(const JsonDoc& doc) {
  Hasher h;
  hash_node(doc, 0, h, true);
  return h.finish();
}

}  // namespace vigil::tracker
