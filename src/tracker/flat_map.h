// A compact open-addressing hash map from 64-bit keys to 32-bit values, for
// the millions of (policy, asset) keys a reconcile holds: 16 bytes per slot,
// no per-entry allocation (std::unordered_map costs ~4x that).
//
// Contract: the key ~0 is reserved (never insert it). Linear probing, load
// factor <= 1/2; no erase (a reconcile only adds).
#pragma once

#include <cstdint>
#include <vector>

namespace vigil::tracker {

class FlatMap64 {
 public:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static constexpr uint32_t kMissing = ~uint32_t{0};

  void reserve(size_t n) {
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    if (cap > slots_.size()) rehash(cap);
  }
  // Inserts or overwrites.
  void put(uint64_t key, uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    Slot& s = slots_[probe(key)];
    if (s.key == kEmpty) ++size_;
    s.key = key;
    s.value = value;
  }
  uint32_t get(uint64_t key) const {
    if (slots_.empty()) return kMissing;
    const Slot& s = slots_[probe(key)];
    return s.key == kEmpty ? kMissing : s.value;
  }
  size_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t key = kEmpty;
    uint32_t value = 0;
  };
  static uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
  }
  size_t probe(uint64_t key) const {
    size_t mask = slots_.size() - 1;
    size_t i = mix(key) & mask;
    while (slots_[i].key != kEmpty && slots_[i].key != key) i = (i + 1) & mask;
    return i;
  }
  void rehash(size_t cap) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{});
    for (const Slot& s : old)
      if (s.key != kEmpty) slots_[probe(s.key)] = s;
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace vigil::tracker
