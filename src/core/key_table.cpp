// KeyTable: process-wide interner of object keys.
//
// Layout: key texts live in an append-only arena of fixed-size blocks that
// are never freed or moved, so a string_view into it stays valid forever.
// Id -> name goes through a two-level table: a fixed array of atomic chunk
// pointers, each chunk a fixed array of string_views. A chunk, once
// published, never moves, and an entry is written before its id is handed
// out (under the mutex, published by the release store of `published_`), so
// name() needs no lock. Name -> id is a hash map behind a shared_mutex.
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json_doc.h"

namespace vigil {

namespace {
constexpr size_t kChunkBits = 12;
constexpr size_t kChunkSize = size_t{1} << kChunkBits;  // 4096 names per chunk
constexpr size_t kMaxChunks = 1 << 14;                   // 67M distinct keys
constexpr size_t kArenaBlock = 64 * 1024;
}  // namespace

struct KeyTable::Impl {
  using Chunk = std::array<std::string_view, kChunkSize>;

  std::shared_mutex mutex;
  std::unordered_map<std::string_view, uint32_t> ids;  // views into the arena
  std::array<std::atomic<Chunk*>, kMaxChunks> chunks{};
  std::atomic<uint32_t> published{0};  // highest id whose name is readable
  std::vector<std::unique_ptr<Chunk>> chunk_owners;
  std::vector<std::unique_ptr<char[]>> arena;
  size_t arena_used = kArenaBlock;  // forces a first block

  // Copies `text` into the arena; requires the exclusive lock.
  std::string_view store(std::string_view text) {
    if (text.size() > kArenaBlock / 4) {  // long keys get their own block
      arena.push_back(std::make_unique<char[]>(text.size() + 1));
      std::memcpy(arena.back().get(), text.data(), text.size());
      return std::string_view(arena.back().get(), text.size());
    }
    if (arena_used + text.size() > kArenaBlock) {
      arena.push_back(std::make_unique<char[]>(kArenaBlock));
      arena_used = 0;
    }
    char* dest = arena.back().get() + arena_used;
    std::memcpy(dest, text.data(), text.size());
    arena_used += text.size();
    return std::string_view(dest, text.size());
  }
};

KeyTable::KeyTable() : impl_(std::make_unique<Impl>()) {}

KeyTable& KeyTable::instance() {
  static KeyTable* table = new KeyTable();  // never destroyed: views stay valid at exit
  return *table;
}

uint32_t KeyTable::find(std::string_view key) const {
  std::shared_lock lock(impl_->mutex);
  auto it = impl_->ids.find(key);
  return it == impl_->ids.end() ? 0 : it->second;
}

uint32_t KeyTable::intern(std::string_view key) {
  if (uint32_t id = find(key)) return id;
  Impl& s = *impl_;
  std::unique_lock lock(s.mutex);
  auto it = s.ids.find(key);
  if (it != s.ids.end()) return it->second;
  uint32_t id = s.published.load(std::memory_order_relaxed) + 1;
  size_t chunk = id >> kChunkBits;
  if (chunk >= kMaxChunks) std::abort();  // cannot happen with real documents
  Impl::Chunk* c = s.chunks[chunk].load(std::memory_order_relaxed);
  if (c == nullptr) {
    s.chunk_owners.push_back(std::make_unique<Impl::Chunk>());
    c = s.chunk_owners.back().get();
    s.chunks[chunk].store(c, std::memory_order_release);
  }
  std::string_view stored = s.store(key);
  (*c)[id & (kChunkSize - 1)] = stored;
  s.ids.emplace(stored, id);
  s.published.store(id, std::memory_order_release);
  return id;
}

std::string_view KeyTable::name(uint32_t id) const {
  if (id == 0 || id > impl_->published.load(std::memory_order_acquire)) return {};
  const Impl::Chunk* c = impl_->chunks[id >> kChunkBits].load(std::memory_order_acquire);
  return (*c)[id & (kChunkSize - 1)];
}

}  // namespace vigil
