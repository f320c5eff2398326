// Content hashes the tracker compares to decide whether an asset changed and
// whether a violation's message changed.
//
// Contract
// - asset_content_hash() hashes the asset's JSON tree (kinds, key texts,
//   values; object members in source order), skipping the top-level
//   "collected_at" member: collecting the same resource again at another
//   time is not a change. Stable across processes and runs (key texts, not
//   the per-process key ids, are hashed), so stored hashes stay comparable.
// - text_hash() hashes bytes. Both are 64-bit, non-cryptographic (a
//   word-at-a-time multiply/rotate mix with a murmur-style finaliser, written
//   here); equal inputs give equal hashes, different inputs collide with
//   probability ~2^-64.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/json_doc.h"

namespace vigil::tracker {

class Hasher {
 public:
  void bytes(const void* data, size_t n);
  void u64(uint64_t v);
  void text(std::string_view s) {  // length-prefixed, so "ab","c" != "a","bc"
    u64(s.size());
    bytes(s.data(), s.size());
  }
  uint64_t finish() const;

 private:
  void word(uint64_t w);
  uint64_t h_ = 0x9e3779b97f4a7c15ull;
  uint64_t tail_ = 0;
  unsigned tail_len_ = 0;
  uint64_t total_ = 0;
};

uint64_t text_hash(std::string_view s);
uint64_t asset_content_hash(const JsonDoc& doc);

}  // namespace vigil::tracker
