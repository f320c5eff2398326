// Reconciler: the stored state in compact form (reconcile.h).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <thread>

#include "core/hash.h"
#include "tracker/reconcile.h"

namespace vigil::tracker::detail {

namespace {
constexpr std::array<std::string_view, 5> kSeverities = {"critical", "high", "medium", "low",
                                                         "info"};
}

uint8_t severity_index(std::string_view text) {
  for (size_t i = 0; i < kSeverities.size(); ++i)
    if (kSeverities[i] == text) return uint8_t(i);
  return 255;
}

std::string severity_text(uint8_t index) {
  return index < kSeverities.size() ? std::string(kSeverities[index]) : std::string();
}

void ViolationIndex::build(const std::vector<StoredViolation>& rows, size_t assets) {
  first_.assign(assets + 1, 0);
  for (const StoredViolation& v : rows) ++first_[v.asset + 1];
  for (size_t a = 0; a < assets; ++a) first_[a + 1] += first_[a];
  entries_.assign(rows.size(), Entry{});
  std::vector<uint32_t> next(first_.begin(), first_.end() - 1);
  for (uint32_t i = 0; i < rows.size(); ++i)
    entries_[next[rows[i].asset]++] = Entry{rows[i].policy, i};
}

uint32_t ViolationIndex::get(uint64_t key) const {
  uint32_t policy = uint32_t(key >> 32), asset = uint32_t(key);
  if (size_t(asset) + 1 >= first_.size()) return FlatMap64::kMissing;
  uint32_t found = FlatMap64::kMissing;
  for (uint32_t e = first_[asset], end = first_[asset + 1]; e < end; ++e)
    if (entries_[e].policy == policy) found = entries_[e].violation;  // the last row wins
  return found;
}

Reconciler::Reconciler(store::Store& db, const Inventory& inv, const PolicySet& set,
                       const CollectedScopes& collected, const std::string& source)
    : store(db), inventory(inv), policies(set) {
  self = owner_index(source);
  for (const auto& p : set.policies()) {
    uint32_t i = uint32_t(policy_rows.size());
    policy_rows.push_back(PolicyRow{p->policy.id, p.get(), p->policy.enabled});
    policy_by_ptr[p.get()] = i;
    policy_by_id[p->policy.id] = i;
  }
  for (const store::ScopeStatus& s : collected.scopes) {
    uint32_t i = scope_index(s.key.account, s.key.region, s.key.type);
    scopes[i].ok = s.ok;
  }
  // Usually about as many assets are stored as are scanned.
  assets.reserve(inv.size() + inv.size() / 8 + 16);
  id_index_.reserve(assets.capacity());
}

uint32_t Reconciler::scope_index(std::string_view account, std::string_view region,
                                 std::string_view type) {
  store::ScopeKey k{std::string(account), std::string(region), std::string(type)};
  auto it = scope_by_key_.find(k);
  if (it != scope_by_key_.end()) return it->second;
  uint32_t i = uint32_t(scopes.size());
  scopes.push_back(ScopeRow{k, false});
  scope_by_key_.emplace(std::move(k), i);
  scope_memo_.clear();  // asset_scope() may now answer differently
  return i;
}

uint32_t Reconciler::asset_scope(std::string_view account, std::string_view region,
                                 std::string_view type) {
  scope_probe_.assign(account).push_back('\0');
  scope_probe_.append(region).push_back('\0');
  scope_probe_.append(type);
  if (auto memo = scope_memo_.find(scope_probe_); memo != scope_memo_.end()) return memo->second;
  uint32_t scope;
  store::ScopeKey own{std::string(account), std::string(region), std::string(type)};
  if (auto it = scope_by_key_.find(own); it != scope_by_key_.end()) {
    scope = it->second;
  } else if (auto global = scope_by_key_.find(store::ScopeKey{own.account, "global", own.type});
             global != scope_by_key_.end()) {
    scope = global->second;
  } else {
    scope = scope_index(account, region, type);  // clears the memo
  }
  scope_memo_.emplace(scope_probe_, scope);
  return scope;
}

uint32_t Reconciler::asset_index(std::string_view id) {
  return id_index_.find(id, hash_text(id), [this](uint32_t row) { return assets[row].id; });
}

uint32_t Reconciler::add_asset(std::string_view id, uint32_t scope) {
  uint32_t i = uint32_t(assets.size());
  AssetRow row;
  row.id = id;
  row.scope = scope;
  assets.push_back(row);
  id_index_.insert(hash_text(id), i);
  return i;
}

// Stored keys are rowids in the SQLite store (dense from 1): a vector
// indexes them; keys far beyond the rows seen go to a map.
void Reconciler::mark_live_owners(const std::vector<std::string>& sources) {
  owner_live.assign(owners.size(), true);
  if (sources.empty()) return;
  for (size_t i = 0; i < owners.size(); ++i)
    owner_live[i] = std::find(sources.begin(), sources.end(), owners[i]) != sources.end();
}

uint16_t Reconciler::owner_index(std::string_view source) {
  for (size_t i = 0; i < owners.size(); ++i)
    if (owners[i] == source) return uint16_t(i);
  if (owners.size() >= kNoOwner) return kNoOwner;  // 65535 sources: the rest are "unknown"
  owners.emplace_back(source);
  return uint16_t(owners.size() - 1);
}

Status Reconciler::load_heads(std::vector<uint32_t>& asset_of_key, FlatMap64& sparse_keys) {
  size_t rows = 0;
  bool bad_key = false;
  Status heads = store.for_each_asset_head([&](const store::AssetHead& h) {
    uint32_t i =
        add_asset(ids_.add(h.id), asset_scope(h.scope.account, h.scope.region, h.scope.type));
    assets[i].hash = h.content_hash;
    assets[i].stored = true;
    assets[i].deleted = h.deleted;
    if (!h.source.empty()) assets[i].owner = owner_index(h.source);
    ++rows;
    if (h.key > 0 && uint64_t(h.key) < 4 * rows + 65536) {
      if (uint64_t(h.key) >= asset_of_key.size())
        asset_of_key.resize(std::max<size_t>(size_t(h.key) + 1, asset_of_key.size() * 2), kNone);
      asset_of_key[size_t(h.key)] = i;
    } else if (h.key != 0 && uint64_t(h.key) != FlatMap64::kEmpty) {
      sparse_keys.put(uint64_t(h.key), i);
    } else {
      bad_key = true;
      return false;
    }
    return true;
  });
  if (!heads.ok()) return Error::at_offset("loading asset heads: " + heads.error().message, 0);
  if (bad_key)
    return Error::at_offset(
        "loading asset heads: the store gave an asset head without a key (AssetHead::key); the "
        "tracker needs it to match violations to assets",
        0);
  return Status{};
}

Status Reconciler::load_violations(store::Store& from, std::vector<int64_t>& asset_keys) {
  bool reserved = false;
  Status streamed = from.for_each_violation_state([&](const store::ViolationState& v) {
    if (!reserved) {  // the store's hint spares the vectors' doubling (and its copies)
      reserved = true;
      if (v.rows_hint > 0 && v.rows_hint < (int64_t{1} << 32)) {
        violations.reserve(size_t(v.rows_hint));
        asset_keys.reserve(size_t(v.rows_hint));
      }
    }
    uint32_t policy;
    auto p = policy_by_id.find(v.policy_id);
    if (p != policy_by_id.end()) {
      policy = p->second;
    } else {
      policy = uint32_t(policy_rows.size());
      policy_rows.push_back(PolicyRow{std::string(v.policy_id), nullptr, false});
      policy_by_id.emplace(std::string(v.policy_id), policy);
    }
    StoredViolation s;
    s.id = v.id;
    s.exception_id = v.exception_id;
    s.policy = policy;
    s.asset = kNone;  // resolve_assets()
    s.message_hash = hash_text(v.message);
    s.status = v.status;
    s.severity = severity_index(v.severity);
    s.ever_violated = v.ever_violated;
    asset_keys.push_back(v.asset_key);
    violations.push_back(s);
    return true;
  });
  if (!streamed.ok()) return Error::at_offset("loading violations: " + streamed.error().message, 0);
  return Status{};
}

Status Reconciler::stored_messages(
    std::vector<std::pair<int64_t, store::ViolationUpdate*>>& wanted) {
  if (wanted.empty()) return Status{};
  std::sort(wanted.begin(), wanted.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  // A lookup by id costs a few microseconds, a pass ~0.5 us a stored violation.
  if (wanted.size() * 8 < violations.size()) {
    for (auto& [id, update] : wanted) {
      Result<std::optional<store::Violation>> v = store.violation(id);
      if (!v.ok()) return Error::at_offset("reading violation messages: " + v.error().message, 0);
      if (!v.value())
        return Error::at_offset(fmt::format("reading violation messages: violation {} is gone; "
                                            "was the store written during the scan?",
                                            id),
                                0);
      update->message = std::move(v.value()->message);
    }
    return Status{};
  }
  size_t next = 0;
  Status streamed = store.for_each_violation_state([&](const store::ViolationState& v) {
    while (next < wanted.size() && wanted[next].first < v.id) ++next;
    while (next < wanted.size() && wanted[next].first == v.id)
      wanted[next++].second->message.assign(v.message);
    return next < wanted.size();
  });
  if (!streamed.ok())
    return Error::at_offset("reading violation messages: " + streamed.error().message, 0);
  return Status{};
}

Status Reconciler::resolve_assets(std::vector<int64_t>& asset_keys,
                                  const std::vector<uint32_t>& asset_of_key,
                                  const FlatMap64& sparse_keys) {
  for (size_t i = 0; i < violations.size(); ++i) {
    int64_t k = asset_keys[i];
    uint32_t asset = kNone;
    if (k > 0 && size_t(k) < asset_of_key.size()) asset = asset_of_key[size_t(k)];
    if (asset == kNone) asset = sparse_keys.get(uint64_t(k));
    if (asset == kNone)  // the store's foreign key makes this impossible
      return Error::at_offset(fmt::format("loading violations: violation {} names asset key {}, "
                                          "which has no asset head; the store is inconsistent",
                                          violations[i].id, k),
                              0);
    violations[i].asset = asset;
  }
  std::vector<int64_t>().swap(asset_keys);  // before the index's allocations
  violation_index.build(violations, assets.size());
  return Status{};
}

// Heads and violations are independent streams filling disjoint members
// (assets, ids, scopes / policies, messages, violations): with a second
// handle on the store (open_reader) the violations are read on another
// thread meanwhile; violations name their asset by key until both are done.
Status Reconciler::load() {
  std::vector<uint32_t> asset_of_key;
  FlatMap64 sparse_keys;
  std::vector<int64_t> asset_keys;
  Result<std::unique_ptr<store::Store>> reader = store.open_reader();
  if (!reader.ok()) {  // one handle: one stream after the other
    if (Status s = load_heads(asset_of_key, sparse_keys); !s.ok()) return s;
    if (Status s = load_violations(store, asset_keys); !s.ok()) return s;
    return resolve_assets(asset_keys, asset_of_key, sparse_keys);
  }
  Status heads, loaded;
  {
    std::jthread other([&] { loaded = load_violations(**reader, asset_keys); });
    heads = load_heads(asset_of_key, sparse_keys);
  }  // joined
  if (!heads.ok()) return heads;
  if (!loaded.ok()) return loaded;
  return resolve_assets(asset_keys, asset_of_key, sparse_keys);
}

}  // namespace vigil::tracker::detail
