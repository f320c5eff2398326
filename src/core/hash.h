// The one hash of Vigil's own tables and stored hashes: Hasher (a stream of
// bytes and words) and hash_text (one text).
//
// Contract
// - 64-bit, non-cryptographic: equal inputs give equal hashes; different
//   inputs collide with probability ~2^-64 (no protection against inputs
//   chosen to collide: tables keyed by it must stay correct, only slower,
//   when they do).
// - Defined over the byte stream: 8-byte little-endian words mixed in order
//   (a multiply/rotate step), the last partial word zero-padded, the total
//   length folded into a murmur-style finaliser. How the stream is split into
//   bytes()/u64() calls does not change the result.
// - Stable across processes, machines and versions: the store keeps these
//   hashes (asset contents, messages); changing the function would make every
//   stored asset look changed on the next scan (tests/core/hash_test.cpp pins
//   known values).
// Header-only: the hot paths (asset ids while loading, content hashes of a
// million documents) inline it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace vigil {

#define VIGIL_HASH_INLINE inline __attribute__((always_inline))

class Hasher {
 public:
  VIGIL_HASH_INLINE void bytes(const void* data, size_t n) {
    total_ += n;
    const auto* p = static_cast<const unsigned char*>(data);
    const bool long_text = n >= 8;
    const unsigned char* end = p + n;
    for (; n >= 8; n -= 8, p += 8) splice(load_word(p));
    if (n == 0) return;
    // The last n (< 8) bytes: one overlapping load of the text's last word
    // when it has 8 bytes or more, else byte by byte.
    uint64_t t = long_text ? load_word(end - 8) >> (8 * (8 - n)) : load_partial(p, n);
    unsigned __int128 x = static_cast<unsigned __int128>(t) << (8 * len_);
    uint64_t low = tail_ | static_cast<uint64_t>(x), high = static_cast<uint64_t>(x >> 64);
    unsigned filled = len_ + unsigned(n);
    uint64_t mixed = mix(h_, low);
    bool full = filled >= 8;
    h_ = full ? mixed : h_;
    tail_ = full ? high : low;
    len_ = filled & 7;
  }
  VIGIL_HASH_INLINE void u64(uint64_t v) {
    total_ += 8;
    splice(v);
  }
  // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
  VIGIL_HASH_INLINE void text(std::string_view s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  uint64_t finish() const {
    uint64_t x = h_;
    if (len_) x ^= rotl(tail_ * kMul1, 31) * kMul2;
    x ^= total_;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
  }

 private:
  static constexpr uint64_t kMul1 = 0x87c37b91114253d5ull;
  static constexpr uint64_t kMul2 = 0x4cf5ad432745937full;

  static VIGIL_HASH_INLINE uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
  static VIGIL_HASH_INLINE uint64_t mix(uint64_t h, uint64_t w) {
    h ^= rotl(w * kMul1, 31) * kMul2;
    return rotl(h, 27) * 5 + 0x52dce729;
  }
  static VIGIL_HASH_INLINE uint64_t load_word(const unsigned char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  static VIGIL_HASH_INLINE uint64_t load_partial(const unsigned char* p, size_t n) {  // n < 8, LE
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint64_t(p[i]) << (8 * i);
    return v;
  }
  // Appends 8 bytes after the pending len_ ones: the low word completes, the
  // high part is the new pending tail (a 128-bit shift, no branch on len_).
  VIGIL_HASH_INLINE void splice(uint64_t v) {
    unsigned __int128 x = static_cast<unsigned __int128>(v) << (8 * len_);
    h_ = mix(h_, tail_ | static_cast<uint64_t>(x));
    tail_ = static_cast<uint64_t>(x >> 64);
  }

  uint64_t h_ = 0x9e3779b97f4a7c15ull;
  uint64_t tail_ = 0;  // pending bytes of a partial word
  unsigned len_ = 0;   // how many (< 8)
  uint64_t total_ = 0;
};

VIGIL_HASH_INLINE uint64_t hash_text(std::string_view s) {
  Hasher h;
  h.bytes(s.data(), s.size());
  return h.finish();
}

#undef VIGIL_HASH_INLINE

}  // namespace vigil
