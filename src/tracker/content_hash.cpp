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

void Hasher::bytes(const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  total_ += n;
  while (n > 0 && tail_len_ != 0) {  // finish a partial word first
    tail_ |= uint64_t(*p++) << (8 * tail_len_);
    --n;
    if (++tail_len_ == 8) {
      word(tail_);
      tail_ = 0;
      tail_len_ = 0;
    }
  }
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    word(w);
  }
  for (; n > 0; --n) tail_ |= uint64_t(*p++) << (8 * tail_len_++);
}

void Hasher::u64(uint64_t v) { bytes(&v, sizeof v); }

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
