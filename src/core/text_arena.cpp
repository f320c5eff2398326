// TextArena (text_arena.h).
#include "core/text_arena.h"

#include <algorithm>

namespace vigil {

std::string_view TextArena::add(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > block_ / 4) {  // large: a block of its own
    big_.push_back(std::make_unique<char[]>(text.size()));
    std::copy(text.begin(), text.end(), big_.back().get());
    big_bytes_ += text.size();
    return std::string_view(big_.back().get(), text.size());
  }
  if (used_ + text.size() > block_) {
    blocks_.push_back(std::make_unique<char[]>(block_));
    used_ = 0;
  }
  char* at = blocks_.back().get() + used_;
  std::copy(text.begin(), text.end(), at);
  used_ += text.size();
  return std::string_view(at, text.size());
}

}  // namespace vigil
