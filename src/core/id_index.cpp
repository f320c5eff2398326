// IdIndex (id_index.h).
#include "core/id_index.h"

namespace vigil {

void IdIndex::rehash(size_t slots) {
  std::vector<uint64_t> old(slots, 0);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    size_t at = size_t(slot >> 32) & mask;
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

void IdIndex::reserve(size_t n) {
  size_t slots = 16;
  while (slots < 2 * n) slots *= 2;
  if (slots > slots_.size()) rehash(slots);
}

void IdIndex::insert(uint64_t hash, uint32_t row) {
  if ((count_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  const size_t mask = slots_.size() - 1;
  size_t at = size_t(hash >> 32) & mask;
  while (slots_[at] != 0) at = (at + 1) & mask;
  slots_[at] = (hash >> 32 << 32) | (uint64_t(row) + 1);
  ++count_;
}

}  // namespace vigil
