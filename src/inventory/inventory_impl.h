// Inventory's private state, shared by inventory.cpp (indexes and queries)
// and load_jsonl.cpp (loading). Not part of the public interface.
#pragma once

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
};

}  // namespace vigil
