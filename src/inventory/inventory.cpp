// Inventory: storage and indexes. Loading from JSON lines is in load_jsonl.cpp.
#include "inventory/inventory.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>

#include "inventory/inventory_impl.h"

namespace vigil {

std::string type_account_key(std::string_view type, std::string_view account) {
  std::string key;
  key.reserve(type.size() + 1 + account.size());
  key.append(type).push_back('\0');
  key.append(account);
  return key;
}

Inventory::Inventory() : impl_(std::make_unique<Impl>()) {}
Inventory::Inventory(Inventory&&) noexcept = default;
Inventory& Inventory::operator=(Inventory&&) noexcept = default;
Inventory::~Inventory() = default;

Status Inventory::add(Asset asset) {
  uint64_t h = hash_text(asset.id);
  if (impl_->find_id(asset.id, h) != IdIndex::npos)
    return Error::at_offset("duplicate asset id \"" + std::string(asset.id) + "\": ids must be unique in an inventory", 0);
  impl_->append(std::move(asset), h);
  return Status::Ok();
}

void Inventory::finalize() {
  impl_->index_types();
  impl_->resolve_relations();
}

// Neighbouring assets mostly share their type and account: the lists of the
// previous asset are reused without hashing, and the (type, account) key is
// built in one reused buffer.
void Inventory::Impl::index_types() {
  by_type.clear();
  by_type_account.clear();
  account_assets.clear();
  std::vector<const Asset*>* of_type = nullptr;
  std::vector<const Asset*>* of_type_account = nullptr;
  std::string_view last_type, last_account;
  std::string key;
  for (const Asset& a : assets) {
    if (!of_type || a.type != last_type) {
      of_type = &by_type[a.type];
      of_type_account = nullptr;
      last_type = a.type;
    }
    if (!of_type_account || a.account != last_account) {
      key.assign(a.type).push_back('\0');
      key.append(a.account);
      auto it = by_type_account.find(key);
      of_type_account = it != by_type_account.end() ? &it->second : &by_type_account[key];
      last_account = a.account;
    }
    of_type->push_back(&a);
    of_type_account->push_back(&a);
    if (a.type == "aws.account") account_assets.emplace(a.account, &a);  // first one wins
  }
}

// The relationships of a run of assets, resolved apart from the others.
struct Inventory::Impl::ResolvedChunk {
  std::vector<Relation> relations;  // first_target relative to targets
  std::vector<const Asset*> targets;
  std::vector<std::pair<const Asset*, RelationRange>> ranges;  // first relative to relations
};

// Resolving is read-only lookups, so chunks of assets are resolved in
// parallel into their own lists, then appended in asset order (the result is
// the same as one pass).
void Inventory::Impl::resolve_relations() {
  relations.clear();
  targets.clear();
  relations_of.clear();
  constexpr size_t kChunk = 4096;
  size_t chunks = (assets.size() + kChunk - 1) / kChunk;
  std::vector<ResolvedChunk> resolved(chunks);
  auto resolve = [&](size_t c) {
    resolve_chunk(c * kChunk, std::min(assets.size(), (c + 1) * kChunk), resolved[c]);
  };
  unsigned threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), chunks);
  if (threads <= 1) {
    for (size_t c = 0; c < chunks; ++c) resolve(c);
  } else {
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t c; (c = next.fetch_add(1)) < chunks;) resolve(c);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }
  size_t with_relations = 0;
  for (const ResolvedChunk& r : resolved) with_relations += r.ranges.size();
  relations_of.reserve(with_relations);
  for (ResolvedChunk& r : resolved) {
    append_resolved(r);
    r = ResolvedChunk{};
  }
}

void Inventory::Impl::resolve_chunk(size_t begin, size_t end, ResolvedChunk& out) const {
  for (size_t k = begin; k < end; ++k) {
    const Asset& a = assets[k];
    JsonRef rels = a.doc.root().find("relationships");
    if (rels.kind() != JsonKind::Object || rels.size() == 0) continue;
    RelationRange range{static_cast<uint32_t>(out.relations.size()), rels.size()};
    for (uint32_t i = 0; i < rels.size(); ++i) {
      Relation r{rels.key_id_at(i), static_cast<uint32_t>(out.targets.size()), 0, 0};
      JsonRef ids = rels.at(i);
      for (uint32_t j = 0; j < ids.size(); ++j) {
        uint32_t target = IdIndex::npos;
        if (ids.at(j).kind() == JsonKind::String) {
          std::string_view id = ids.at(j).as_string();
          target = find_id(id, hash_text(id));
        }
        if (target != IdIndex::npos) {
          out.targets.push_back(&assets[target]);
          ++r.target_count;
        } else {
          ++r.missing;
        }
      }
      out.relations.push_back(r);
    }
    out.ranges.emplace_back(&a, range);
  }
}

void Inventory::Impl::append_resolved(const ResolvedChunk& r) {
  uint32_t relation_base = static_cast<uint32_t>(relations.size());
  uint32_t target_base = static_cast<uint32_t>(targets.size());
  for (Relation rel : r.relations) {
    rel.first_target += target_base;
    relations.push_back(rel);
  }
  targets.insert(targets.end(), r.targets.begin(), r.targets.end());
  for (const auto& [asset, range] : r.ranges)
    relations_of.emplace(asset, RelationRange{range.first + relation_base, range.count});
}

void Inventory::set_coverage(Coverage coverage) { impl_->coverage.emplace(std::move(coverage)); }

void Inventory::set_company(Company company) { impl_->company = std::move(company); }
const Company& Inventory::company() const { return impl_->company; }

const Coverage* Inventory::coverage() const {
  return impl_->coverage ? &*impl_->coverage : nullptr;
}

std::string Inventory::type_gap(std::string_view type, std::string_view account) const {
  return impl_->coverage ? impl_->coverage->gap(type, account) : std::string();
}

size_t Inventory::size() const { return impl_->assets.size(); }
const Asset& Inventory::at(size_t i) const { return impl_->assets[i]; }

const Asset* Inventory::find(std::string_view id) const {
  uint32_t i = impl_->find_id(id, hash_text(id));
  return i == IdIndex::npos ? nullptr : &impl_->assets[i];
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
