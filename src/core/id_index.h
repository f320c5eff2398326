// IdIndex: text id -> row number, for ids the caller already stores (asset
// rows in a vector or deque, texts in a TextArena). The index itself keeps
// no text: 8 bytes a slot, the upper half of the id's hash_text (core/hash.h)
// and row + 1.
//
// Contract
// - insert(hash, row) adds a row whose id is not present (callers check
//   with find() first when duplicates are possible); `hash` is hash_text of
//   the id, which callers may compute on other threads.
// - find(id, hash, id_of) returns the row whose id equals `id`, or npos;
//   `id_of(row)` must give the stored id of a row passed to insert().
// - Rows are below npos (2^32 - 1). No erase.
// - Open addressing with linear probing, at most half full; the home slot
//   comes from the stored hash half, so growing reads no id. With hashes
//   chosen to collide it stays correct and gets slower.
// - memory_bytes(): the slots (8 bytes each, 16-32 bytes a row).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace vigil {

class IdIndex {
 public:
  static constexpr uint32_t npos = ~uint32_t{0};

  void insert(uint64_t hash, uint32_t row);
  template <class IdOf>
  uint32_t find(std::string_view id, uint64_t hash, const IdOf& id_of) const {
    if (slots_.empty()) return npos;
    const size_t mask = slots_.size() - 1;
    const uint64_t tag = hash >> 32;
    for (size_t at = size_t(tag) & mask; slots_[at] != 0; at = (at + 1) & mask) {
      const uint64_t slot = slots_[at];
      if ((slot >> 32) != tag) continue;
      const uint32_t row = uint32_t(slot) - 1;
      if (id_of(row) == id) return row;
    }
    return npos;
  }
  // Room for n rows without growing.
  void reserve(size_t n);
  size_t size() const { return count_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  void rehash(size_t slots);
  std::vector<uint64_t> slots_;  // 0: empty; else (hash >> 32) << 32 | (row + 1)
  size_t count_ = 0;
};

}  // namespace vigil
