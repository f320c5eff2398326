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

#include "core/hash.h"
#include "core/id_index.h"
#include "inventory/inventory.h"

namespace vigil {

// The key of (type, account) in Impl::by_type_account and in Coverage:
// type + '\0' + account.
std::string type_account_key(std::string_view type, std::string_view account);

struct Inventory::Impl {
  std::deque<Asset> assets;  // a deque: growing it never moves an Asset
  IdIndex by_id;             // id -> index in assets; hashes are hash_text of the ids
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

  // The index in assets of the asset with this id (hash: hash_text(id)), or IdIndex::npos.
  uint32_t find_id(std::string_view id, uint64_t hash) const {
    return by_id.find(id, hash,
                      [this](uint32_t row) -> std::string_view { return assets[row].id; });
  }
  // finalize()'s steps: the by_type, by_type_account and account_assets
  // indexes, then the relationships (relations, targets, relations_of).
  void index_types();
  void resolve_relations();
  struct ResolvedChunk;
  void resolve_chunk(size_t begin, size_t end, ResolvedChunk& out) const;
  void append_resolved(const ResolvedChunk& chunk);

  // Adds an asset whose id (hash: hash_text of it) is not present yet.
  void append(Asset asset, uint64_t hash) {
    assets.push_back(std::move(asset));
    by_id.insert(hash, uint32_t(assets.size() - 1));
  }
};

}  // namespace vigil
