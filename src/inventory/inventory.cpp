// Inventory: storage and indexes. Loading from JSON lines is in load_jsonl.cpp.
#include "inventory/inventory.h"

#include <string>

#include "inventory/inventory_impl.h"

namespace vigil {

namespace {
std::string type_account_key(std::string_view type, std::string_view account) {
  std::string key;
  key.reserve(type.size() + 1 + account.size());
  key.append(type).push_back('\0');
  key.append(account);
  return key;
}
}  // namespace

Inventory::Inventory() : impl_(std::make_unique<Impl>()) {}
Inventory::Inventory(Inventory&&) noexcept = default;
Inventory& Inventory::operator=(Inventory&&) noexcept = default;
Inventory::~Inventory() = default;

Status Inventory::add(Asset asset) {
  if (impl_->by_id.count(asset.id))
    return Error::at_offset("duplicate asset id \"" + std::string(asset.id) + "\": ids must be unique in an inventory", 0);
  impl_->assets.push_back(std::move(asset));
  impl_->by_id.emplace(impl_->assets.back().id, impl_->assets.size() - 1);
  return Status::Ok();
}

void Inventory::finalize() {
  Impl& s = *impl_;
  s.by_type.clear();
  s.by_type_account.clear();
  s.account_assets.clear();
  for (const Asset& a : s.assets) {
    s.by_type[a.type].push_back(&a);
    s.by_type_account[type_account_key(a.type, a.account)].push_back(&a);
    if (a.type == "aws.account") s.account_assets.emplace(a.account, &a);  // first one wins
  }
  // Relationships resolved once, so related() does no id hashing at scan time.
  s.relations.clear();
  s.targets.clear();
  s.relations_of.clear();
  for (const Asset& a : s.assets) {
    JsonRef rels = a.doc.root().find("relationships");
    if (rels.kind() != JsonKind::Object || rels.size() == 0) continue;
    Impl::RelationRange range{static_cast<uint32_t>(s.relations.size()), rels.size()};
    for (uint32_t i = 0; i < rels.size(); ++i) {
      Impl::Relation r{rels.key_id_at(i), static_cast<uint32_t>(s.targets.size()), 0, 0};
      JsonRef ids = rels.at(i);
      for (uint32_t j = 0; j < ids.size(); ++j) {
        const Asset* target = ids.at(j).kind() == JsonKind::String ? find(ids.at(j).as_string()) : nullptr;
        if (target) {
          s.targets.push_back(target);
          ++r.target_count;
        } else {
          ++r.missing;
        }
      }
      s.relations.push_back(r);
    }
    s.relations_of.emplace(&a, range);
  }
}

size_t Inventory::size() const { return impl_->assets.size(); }
const Asset& Inventory::at(size_t i) const { return impl_->assets[i]; }

const Asset* Inventory::find(std::string_view id) const {
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : &impl_->assets[it->second];
}

std::span<const Asset* const> Inventory::of_type(std::string_view type) const {
  auto it = impl_->by_type.find(type);
  if (it == impl_->by_type.end()) return {};
  return std::span<const Asset* const>(it->second.data(), it->second.size());
}

std::span<const Asset* const> Inventory::of_type_in_account(std::string_view type, std::string_view account) const {
  auto it = impl_->by_type_account.find(type_account_key(type, account));
  if (it == impl_->by_type_account.end()) return {};
  return std::span<const Asset* const>(it->second.data(), it->second.size());
}

const Asset* Inventory::account_asset(std::string_view account) const {
  auto it = impl_->account_assets.find(account);
  return it == impl_->account_assets.end() ? nullptr : it->second;
}

std::vector<const Asset*> Inventory::related(const Asset& asset, std::string_view relation, size_t* missing) const {
  std::vector<const Asset*> out;
  const Impl& s = *impl_;
  if (auto it = s.relations_of.find(&asset); it != s.relations_of.end()) {
    for (uint32_t r = it->second.first, end = r + it->second.count; r < end; ++r) {
      const Impl::Relation& rel = s.relations[r];
      if (KeyTable::instance().name(rel.key_id) != relation) continue;
      out.assign(s.targets.begin() + rel.first_target, s.targets.begin() + rel.first_target + rel.target_count);
      if (missing) *missing = rel.missing;
      return out;
    }
    if (missing) *missing = 0;
    return out;
  }
  // Not resolved (an asset of another inventory, or before finalize()): read its JSON.
  JsonRef ids = asset.doc.root().find("relationships").find(relation);
  size_t absent = 0;
  for (uint32_t i = 0; i < ids.size(); ++i) {
    const Asset* a = ids.at(i).kind() == JsonKind::String ? find(ids.at(i).as_string()) : nullptr;
    if (a)
      out.push_back(a);
    else
      ++absent;
  }
  if (missing) *missing = absent;
  return out;
}

size_t Inventory::memory_bytes() const {
  size_t total = 0;
  for (const Asset& a : impl_->assets) total += a.doc.memory_bytes();
  return total;
}

size_t Inventory::source_bytes() const {
  size_t total = 0;
  for (const Asset& a : impl_->assets) total += a.source_bytes;
  return total;
}

}  // namespace vigil
