// Reconciler: the stored state in compact form (reconcile.h).
#include <fmt/format.h>

#include <array>

#include "tracker/reconcile.h"

namespace vigil::tracker::detail {

namespace {
constexpr std::array<std::string_view, 5> kSeverities = {"critical", "high", "medium", "low",
                                                         "info"};
}

std::string_view TextArena::add(std::string_view text) {
  if (text.size() > kBlock / 4) {  // large: a block of its own
    big_.push_back(std::make_unique<char[]>(text.size()));
    std::copy(text.begin(), text.end(), big_.back().get());
    big_bytes_ += text.size();
    return std::string_view(big_.back().get(), text.size());
  }
  if (used_ + text.size() > kBlock) {
    blocks_.push_back(std::make_unique<char[]>(kBlock));
    used_ = 0;
  }
  char* at = blocks_.back().get() + used_;
  std::copy(text.begin(), text.end(), at);
  used_ += text.size();
  return std::string_view(at, text.size());
}

uint8_t severity_index(std::string_view text) {
  for (size_t i = 0; i < kSeverities.size(); ++i)
    if (kSeverities[i] == text) return uint8_t(i);
  return 255;
}

std::string severity_text(uint8_t index) {
  return index < kSeverities.size() ? std::string(kSeverities[index]) : std::string();
}

Reconciler::Reconciler(store::Store& db, const Inventory& inv, const PolicySet& set,
                       const CollectedScopes& collected)
    : store(db), inventory(inv), policies(set) {
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
}

uint32_t Reconciler::scope_index(std::string_view account, std::string_view region,
                                 std::string_view type) {
  store::ScopeKey k{std::string(account), std::string(region), std::string(type)};
  auto it = scope_by_key_.find(k);
  if (it != scope_by_key_.end()) return it->second;
  uint32_t i = uint32_t(scopes.size());
  scopes.push_back(ScopeRow{k, false});
  scope_by_key_.emplace(std::move(k), i);
  return i;
}

uint32_t Reconciler::asset_scope(std::string_view account, std::string_view region, std::string_view type) {
  store::ScopeKey own{std::string(account), std::string(region), std::string(type)};
  if (scope_by_key_.count(own)) return scope_by_key_.find(own)->second;
  auto global = scope_by_key_.find(store::ScopeKey{own.account, "global", own.type});
  if (global != scope_by_key_.end()) return global->second;
  return scope_index(account, region, type);
}

uint32_t Reconciler::asset_index(std::string_view id) {
  auto it = asset_by_id_.find(id);
  return it == asset_by_id_.end() ? kNone : it->second;
}

uint32_t Reconciler::add_asset(std::string_view id, uint32_t scope) {
  uint32_t i = uint32_t(assets.size());
  AssetRow row;
  row.id = id;
  row.scope = scope;
  assets.push_back(row);
  asset_by_id_.emplace(id, i);
  return i;
}

uint32_t Reconciler::intern_message(std::string_view text) {
  auto it = message_by_text_.find(text);
  if (it != message_by_text_.end()) return it->second;
  std::string_view stored = message_text_.add(text);
  uint32_t i = uint32_t(messages_.size());
  messages_.push_back(stored);
  message_by_text_.emplace(stored, i);
  return i;
}

Status Reconciler::load() {
  Status heads = store.for_each_asset_head([&](const store::AssetHead& h) {
    uint32_t i =
        add_asset(ids_.add(h.id), asset_scope(h.scope.account, h.scope.region, h.scope.type));
    assets[i].hash = h.content_hash;
    assets[i].stored = true;
    assets[i].deleted = h.deleted;
    return true;
  });
  if (!heads.ok()) return Error::at_offset("loading asset heads: " + heads.error().message, 0);
  Status streamed =
      store.for_each_violation(store::ViolationFilter{}, [&](const store::Violation& v) {
        uint32_t policy;
        auto p = policy_by_id.find(v.policy_id);
        if (p != policy_by_id.end()) {
          policy = p->second;
        } else {
          policy = uint32_t(policy_rows.size());
          policy_rows.push_back(PolicyRow{v.policy_id, nullptr, false});
          policy_by_id.emplace(v.policy_id, policy);
        }
        uint32_t asset = asset_index(v.asset.id);
        if (asset ==
            kNone)  // a violation whose asset has no head (should not happen): keep its scope
          asset = add_asset(ids_.add(v.asset.id),
                            asset_scope(v.asset.account, v.asset.region, v.asset.type));
        StoredViolation s;
        s.id = v.id;
        s.exception_id = v.exception_id.value_or(0);
        s.policy = policy;
        s.asset = asset;
        s.message = intern_message(v.message);
        s.status = v.status;
        s.severity = severity_index(v.severity);
        violation_index.put(key(policy, asset), uint32_t(violations.size()));
        violations.push_back(s);
        return true;
      });
  if (!streamed.ok()) return Error::at_offset("loading violations: " + streamed.error().message, 0);
  return Status{};
}

}  // namespace vigil::tracker::detail
