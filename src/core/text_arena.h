// TextArena: append-only storage for many small texts (asset ids, key
// names) without an allocation per text.
//
// Contract
// - add() copies the text and returns a view of the copy; the view stays
//   valid, and its bytes unchanged, until the arena is destroyed (blocks
//   never move or shrink; moving the arena keeps them).
// - Texts are packed into blocks of `block_bytes` (default 1 MiB); a text
//   longer than a quarter block gets a block of its own, so a block wastes at
//   most a quarter of its size.
// - bytes(): the memory the arena holds (blocks allocated, not bytes used).
// - Not thread-safe: callers that share one serialize add() (KeyTable does).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace vigil {

class TextArena {
 public:
  explicit TextArena(size_t block_bytes = size_t{1} << 20)
      : block_(block_bytes), used_(block_bytes) {}

  std::string_view add(std::string_view text);
  size_t bytes() const { return blocks_.size() * block_ + big_bytes_; }

 private:
  size_t block_;
  std::vector<std::unique_ptr<char[]>> blocks_, big_;
  size_t used_;  // in blocks_.back(); block_ when there is none
  size_t big_bytes_ = 0;
};

}  // namespace vigil
