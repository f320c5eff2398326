// Inventory's private state, shared by inventory.cpp (indexes and queries)
// and load_jsonl.cpp (loading). Not part of the public interface.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "inventory/inventory.h"

namespace vigil {

// Asset id -> index in Impl::assets: open addressing (linear probing, load
// factor <= 1/2), 8 bytes a slot = (hash >> 32) << 32 | (index + 1), 0 empty;
// the home slot comes from the hash's high half, so growing needs no id.
// The hash is taken by the caller: load_jsonl computes it on its parsing
// threads, so the serial insert is a probe.
// The key of (type, account) in Impl::by_type_account and in Coverage:
// type + '\0' + account.
std::string type_account_key(std::string_view type, std::string_view account);

class IdIndex {
 public:
  static uint64_t hash(std::string_view id) { return std::hash<std::string_view>{}(id); }
  static constexpr size_t npos = ~size_t{0};
  size_t find(std::string_view id, uint64_t h, const std::deque<Asset>& assets) const;
  void insert(uint64_t h, size_t index);  // the id must not be present
  void reserve(size_t n);
  size_t size() const { return count_; }

 private:
  void rehash(size_t slots);
  std::vector<uint64_t> slots_;
  size_t count_ = 0;
};

struct Inventory::Impl {
  std::deque<Asset> assets;  // a deque: growing it never moves an Asset
  IdIndex by_id;             // id -> index in assets
  std::unordered_map<std::string_view, std::vector<const Asset*>> by_type;
  std::unordered_map<std::string, std::vector<const Asset*>> by_type_account;  // type + '\0' + account
  std::unordered_map<std::string_view, const Asset*> account_assets;
  std::optional<Coverage> coverage;  // none: complete
  Company company;

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
