// AssetKeys: asset id -> store key for the assets one apply_scan writes
// (apply_scan.cpp), private to the SQLite backend.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/id_index.h"
#include "core/text_arena.h"

namespace vigil::store::sqlite {

// Keys of the assets this scan writes, by asset id, for the violations and
// group members that name them: a million assets cost an IdIndex (16-32
// bytes a row), a 24-byte row and the ids' bytes (in a TextArena), not a
// million allocated nodes and strings.
class AssetKeys {
 public:
  // Adds `id`, or sets its key when present.
  void put(std::string_view id, int64_t key) {
    uint64_t h = hash_text(id);
    uint32_t row = find(id, h);
    if (row != IdIndex::npos) {
      rows_[row].key = key;
      return;
    }
    index_.insert(h, uint32_t(rows_.size()));
    rows_.push_back(Row{ids_.add(id), key});
  }
  // 0 when the scan did not write `id`.
  int64_t get(std::string_view id) const {
    uint32_t row = find(id, hash_text(id));
    return row == IdIndex::npos ? 0 : rows_[row].key;
  }

 private:
  struct Row {
    std::string_view id;  // in ids_
    int64_t key;
  };
  uint32_t find(std::string_view id, uint64_t h) const {
    return index_.find(id, h, [this](uint32_t row) { return rows_[row].id; });
  }

  IdIndex index_;
  std::vector<Row> rows_;
  TextArena ids_;
};

}  // namespace vigil::store::sqlite
