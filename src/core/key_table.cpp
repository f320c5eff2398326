// KeyTable: process-wide interner of object keys.
//
// Layout: key texts live in a TextArena (core/text_arena.h) of blocks that
// are never freed or moved, so a string_view into it stays valid forever.
// Id -> name goes through a two-level table: a fixed array of atomic chunk
// pointers, each chunk a fixed array of string_views. A chunk, once
// published, never moves, and an entry is written before its id is handed
// out (under the mutex, published by the release store of `published`), so
// name() needs no lock.
// Name -> id is an open-addressing table of atomic slots (32 hash bits and
// the id in one 64-bit word). Writers (intern, under the mutex) fill a slot
// after the name is published; readers (find) probe without locking. When
// the table grows, a new one is built and published; old tables are kept
// (they are read by finds in flight), which costs at most as much again.
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/json_doc.h"
#include "core/text_arena.h"

namespace vigil {

namespace {
constexpr size_t kChunkBits = 12;
constexpr size_t kChunkSize = size_t{1} << kChunkBits;  // 4096 names per chunk
constexpr size_t kMaxChunks = 1 << 14;                   // 67M distinct keys
constexpr size_t kArenaBlock = 64 * 1024;
}  // namespace

struct KeyTable::Impl {
  using Chunk = std::array<std::string_view, kChunkSize>;
  struct Slots {
    explicit Slots(size_t capacity) : mask(capacity - 1), slots(new std::atomic<uint64_t>[capacity]) {
      for (size_t i = 0; i < capacity; ++i) slots[i].store(0, std::memory_order_relaxed);
    }
    size_t mask;
    std::unique_ptr<std::atomic<uint64_t>[]> slots;
  };

  std::mutex mutex;  // serializes intern()
  std::array<std::atomic<Chunk*>, kMaxChunks> chunks{};
  std::atomic<uint32_t> published{0};  // highest id whose name is readable
  std::atomic<Slots*> table{nullptr};
  size_t table_used = 0;
  std::vector<std::unique_ptr<Slots>> tables;  // every table ever published
  std::vector<std::unique_ptr<Chunk>> chunk_owners;
  TextArena arena{kArenaBlock};  // the names; add() requires the mutex

  static uint64_t slot_value(uint64_t h, uint32_t id) { return (h & 0xFFFFFFFF00000000ull) | id; }

  std::string_view name(uint32_t id) const {
    if (id == 0 || id > published.load(std::memory_order_acquire)) return {};
    const Chunk* c = chunks[id >> kChunkBits].load(std::memory_order_acquire);
    return (*c)[id & (kChunkSize - 1)];
  }

  uint32_t find(std::string_view key) const {
    const Slots* t = table.load(std::memory_order_acquire);
    if (!t) return 0;
    uint64_t h = hash_text(key);
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
      uint64_t v = t->slots[i].load(std::memory_order_acquire);
      if (v == 0) return 0;
      uint32_t id = static_cast<uint32_t>(v);
      if ((v >> 32) == (h >> 32) && name(id) == key) return id;
    }
  }

  // Requires the mutex. Places `id` in `t` (which has room).
  static void place(Slots& t, uint64_t h, uint32_t id) {
    size_t i = h & t.mask;
    while (t.slots[i].load(std::memory_order_relaxed) != 0) i = (i + 1) & t.mask;
    t.slots[i].store(slot_value(h, id), std::memory_order_release);
  }

  // Requires the mutex. Adds `id` (whose name is published) to the index,
  // growing it to keep the load factor at most 1/2.
  void index(std::string_view key, uint32_t id) {
    Slots* t = table.load(std::memory_order_relaxed);
    if (!t || (table_used + 1) * 2 > t->mask + 1) {
      size_t capacity = t ? (t->mask + 1) * 2 : 1024;
      auto grown = std::make_unique<Slots>(capacity);
      for (uint32_t old = 1; old < id; ++old) place(*grown, hash_text(name(old)), old);
      t = grown.get();
      tables.push_back(std::move(grown));
      table.store(t, std::memory_order_release);
    }
    place(*t, hash_text(key), id);
    ++table_used;
  }
};

KeyTable::KeyTable() : impl_(std::make_unique<Impl>()) {}

KeyTable& KeyTable::instance() {
  static KeyTable* table = new KeyTable();  // never destroyed: views stay valid at exit
  return *table;
}

uint32_t KeyTable::find(std::string_view key) const { return impl_->find(key); }

uint32_t KeyTable::intern(std::string_view key) {
  if (uint32_t id = impl_->find(key)) return id;
  Impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  if (uint32_t id = s.find(key)) return id;
  uint32_t id = s.published.load(std::memory_order_relaxed) + 1;
  size_t chunk = id >> kChunkBits;
  if (chunk >= kMaxChunks) std::abort();  // cannot happen with real documents
  Impl::Chunk* c = s.chunks[chunk].load(std::memory_order_relaxed);
  if (c == nullptr) {
    s.chunk_owners.push_back(std::make_unique<Impl::Chunk>());
    c = s.chunk_owners.back().get();
    s.chunks[chunk].store(c, std::memory_order_release);
  }
  (*c)[id & (kChunkSize - 1)] = s.arena.add(key);
  s.published.store(id, std::memory_order_release);
  s.index(key, id);
  return id;
}

std::string_view KeyTable::name(uint32_t id) const { return impl_->name(id); }

}  // namespace vigil
