// AssetKeys: asset id -> store key for the assets one apply_scan writes
// (apply_scan.cpp), private to the SQLite backend.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace vigil::store::sqlite {

// Keys of the assets this scan writes, by asset id, for the violations and
// group members that name them: a million assets cost one hash table of
// 32-byte slots and the ids' bytes (copied into 1 MiB blocks), not a million
// allocated nodes and strings.
class AssetKeys {
 public:
  AssetKeys() : slots_(1024) {}

  void put(std::string_view id, int64_t key) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    uint64_t h = hash(id);
    Slot& s = slots_[find(id, h)];
    if (!s.text) {
      s = {h, key, store(id), static_cast<uint32_t>(id.size())};
      ++used_;
    } else {
      s.key = key;
    }
  }
  // 0 when the scan did not write `id`.
  int64_t get(std::string_view id) const {
    const Slot& s = slots_[find(id, hash(id))];
    return s.text ? s.key : 0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    int64_t key = 0;
    const char* text = nullptr;  // null: empty slot
    uint32_t size = 0;
  };

  static uint64_t hash(std::string_view s) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
      h ^= h >> 31;
    }
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, s.size() - i);
    h = (h ^ w) * 0x94d049bb133111ebull;
    return h ^ (h >> 29);
  }
  // The slot holding `id`, or the empty slot where it would go.
  size_t find(std::string_view id, uint64_t h) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.text || (s.hash == h && std::string_view(s.text, s.size) == id)) return i;
    }
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (!s.text) continue;
      size_t i = s.hash & mask;
      while (slots_[i].text) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  const char* store(std::string_view id) {
    constexpr size_t kBlock = 1 << 20;
    if (blocks_.empty() || block_used_ + id.size() > block_size_) {
      block_size_ = std::max(kBlock, id.size());
      blocks_.push_back(std::make_unique<char[]>(block_size_));
      block_used_ = 0;
    }
    char* p = blocks_.back().get() + block_used_;
    std::memcpy(p, id.data(), id.size());
    block_used_ += id.size();
    return p;
  }

  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t used_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0, block_size_ = 0;
};

}  // namespace vigil::store::sqlite
