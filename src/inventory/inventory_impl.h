// Inventory's private state, shared by inventory.cpp (indexes and queries)
// and load_jsonl.cpp (loading). Not part of the public interface.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/inventory.h"

namespace vigil {

struct Inventory::Impl {
  std::deque<Asset> assets;  // a deque: growing it never moves an Asset
  std::unordered_map<std::string_view, size_t> by_id;  // id -> index in assets
  std::unordered_map<std::string_view, std::vector<const Asset*>> by_type;
  std::unordered_map<std::string, std::vector<const Asset*>> by_type_account;  // type + '\0' + account
  std::unordered_map<std::string_view, const Asset*> account_assets;

  // Relationships resolved once by finalize(), so related() does no id
  // hashing at scan time. An asset's relations are relations[first, first+count).
  struct Relation {
    uint32_t key_id;        // relation name, interned in KeyTable
    uint32_t first_target;  // into targets
    uint32_t target_count;
    uint32_t missing;       // listed ids not in the inventory
  };
  struct RelationRange {
    uint32_t first;
    uint32_t count;
  };
  std::vector<Relation> relations;
  std::vector<const Asset*> targets;
  std::unordered_map<const Asset*, RelationRange> relations_of;
};

}  // namespace vigil
