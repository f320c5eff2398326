// Exceptions: validation, grant, revoke, and the per-scan index (exceptions.h).
#include "tracker/exceptions.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/invalid_input.h"
#include "policy/policy.h"

namespace vigil::tracker {

namespace {

std::string pair_key(std::string_view policy_id, std::string_view asset_id) {
  std::string k;
  k.reserve(policy_id.size() + asset_id.size() + 1);
  k.append(policy_id).push_back('\n');
  k.append(asset_id);
  return k;
}

bool active_at(const store::ExceptionRecord& e, store::Time now) {
  return !e.revoked && now < e.expires;
}

}  // namespace

std::string describe_exception(const store::ExceptionRecord& e) {
  return e.sticky ? fmt::format(
                        "sticky exception (policies {}, category \"{}\", severity \"{}\", group "
                        "\"{}\", condition \"{}\")",
                        fmt::join(e.policy_ids, ","), e.category, e.severity, e.group, e.condition)
                  : fmt::format("exception for policy {} on {}", e.policy_id, e.asset_id);
}

Status validate_exception(const store::ExceptionRecord& e, store::Time now,
                          const ExceptionOptions& options) {
  // Each error names the field to fix (Error::subject), for the API's 400.
  if (e.reason.empty())
    return invalid_input("exception: reason is required (why the risk is accepted)", "reason");
  if (e.granted_by.empty())
    return invalid_input("exception: granted_by is required (who accepts the risk)", "granted_by");
  if (e.expires <= now)
    return invalid_input("exception: expires must be in the future (an expiry is required)",
                         "expires");
  if (e.expires - now > options.max_duration)
    return invalid_input(
        fmt::format(
            "exception: expires is more than the allowed maximum of {} days from now; choose "
            "an earlier expiry (or raise the configured maximum)",
            options.max_duration.count() / 86400),
        "expires");
  if (!e.sticky) {
    if (e.policy_id.empty() || e.asset_id.empty())
      return invalid_input("exception: a per-resource exception needs policy_id and asset_id",
                           e.policy_id.empty() ? "policy" : "asset");
    return Status{};
  }
  if (e.policy_ids.empty() && e.category.empty() && e.severity.empty())
    return invalid_input("sticky exception: select policies with policy_ids, category or severity",
                         "policies");
  if (e.group.empty() && e.condition.empty())
    return invalid_input("sticky exception: select assets with group or condition", "group");
  if (!e.category.empty() && !parse_category(e.category))
    return invalid_input(fmt::format("sticky exception: unknown category \"{}\"", e.category),
                         "category");
  if (!e.severity.empty() && !parse_severity(e.severity))
    return invalid_input(fmt::format("sticky exception: unknown severity \"{}\"", e.severity),
                         "severity");
  if (!e.condition.empty()) {
    Result<AssetCondition> c = AssetCondition::compile(e.condition);
    if (!c.ok()) return invalid_input("sticky exception: " + c.error().message, "condition");
  }
  return Status{};
}

Result<int64_t> grant_exception(store::Store& store, store::ExceptionRecord e, store::Time now,
                                const std::string& actor, const ExceptionOptions& options) {
  Status valid = validate_exception(e, now, options);
  if (!valid.ok()) return valid.error();
  e.created = now;
  store::AuditEntry audit;
  audit.at = now;
  audit.actor = actor;
  audit.action = "exception.grant";
  audit.details = {{"what", describe_exception(e)},
                   {"reason", e.reason},
                   {"requested_by", e.requested_by},
                   {"granted_by", e.granted_by},
                   {"ticket", e.ticket},
                   {"expires_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                      e.expires.time_since_epoch())
                                      .count()}};
  auto id = store.add_exception(e, audit);
  if (!id.ok() || e.sticky) return id;
  // A per-resource exception exempts its open violation now, as the next
  // scan would (a sticky one selects assets by group or condition, which
  // only a scan evaluates). Should this write fail, the exception stands
  // and the next scan exempts the violation.
  store::ViolationFilter f;
  f.policy_id = e.policy_id;
  f.asset_id = e.asset_id;
  f.statuses = {store::ViolationStatus::Open};
  auto open = store.violations(f);
  if (!open.ok() || open->empty()) return id;
  std::vector<store::ViolationUpdate> updates;
  for (const store::Violation& v : *open) {
    store::ViolationUpdate u;
    u.id = v.id;
    u.to = store::ViolationStatus::Exempted;
    u.reason = "exempted";
    u.message = v.message;
    u.severity = v.severity;
    u.exception_id = *id;
    updates.push_back(std::move(u));
  }
  (void)store.update_violations(updates, now);
  return id;
}

ExceptionIndex ExceptionIndex::build(std::vector<store::ExceptionRecord> all, store::Time now,
                                     const GroupMembership* groups) {
  ExceptionIndex index;
  index.now_ = now;
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  index.all_ = std::move(all);
  for (size_t i = 0; i < index.all_.size(); ++i) {
    const store::ExceptionRecord& e = index.all_[i];
    index.by_id_[e.id] = i;
    if (!active_at(e, now)) continue;
    ++index.active_count_;
    if (!e.sticky) {
      index.per_resource_[pair_key(e.policy_id, e.asset_id)].push_back(e.id);
      continue;
    }
    Sticky s;
    s.record = &e;
    s.policy_ids.insert(e.policy_ids.begin(), e.policy_ids.end());
    if (!e.condition.empty()) {
      Result<AssetCondition> c = AssetCondition::compile(e.condition);
      if (!c.ok()) {
        index.warnings_.push_back(
            fmt::format("exception {}: {}; it exempts nothing", e.id, c.error().message));
        continue;
      }
      s.condition.emplace(std::move(c).value());
    }
    if (!e.group.empty()) {
      auto it = groups ? groups->find(e.group) : decltype(groups->end()){};
      if (!groups || it == groups->end()) {
        s.group_missing = true;
        index.warnings_.push_back(fmt::format(
            "exception {}: asset group \"{}\" is not defined; it exempts nothing", e.id, e.group));
      } else {
        s.members = &it->second;
      }
    }
    index.sticky_.push_back(std::move(s));
  }
  return index;
}

bool ExceptionIndex::sticky_covers(const Sticky& s, const PolicyTraits& policy, const Asset& asset,
                                   const Inventory* inventory) const {
  const store::ExceptionRecord& e = *s.record;
  if (s.group_missing) return false;
  if (!s.policy_ids.empty() && !s.policy_ids.count(std::string(policy.id))) return false;
  if (!e.category.empty() && policy.category != e.category) return false;
  if (!e.severity.empty() && policy.severity != e.severity) return false;
  if (s.members && !s.members->count(asset.id)) return false;
  if (s.condition) {
    if (s.cached_asset != &asset) {
      s.cached_asset = &asset;
      s.cached_match = s.condition->matches(asset, inventory);
    }
    if (!s.cached_match) return false;
  }
  return true;
}

std::optional<int64_t> ExceptionIndex::covering(const CompiledPolicy& policy, const Asset& asset,
                                                const Inventory* inventory,
                                                std::optional<int64_t> current) const {
  return covering(PolicyTraits{policy.policy.id, to_string(policy.policy.category),
                               to_string(policy.policy.severity)},
                  asset, inventory, current);
}

std::optional<int64_t> ExceptionIndex::covering(const PolicyTraits& policy, const Asset& asset,
                                                const Inventory* inventory,
                                                std::optional<int64_t> current) const {
  std::optional<int64_t> best;
  if (!per_resource_.empty()) {
    auto it = per_resource_.find(pair_key(policy.id, asset.id));
    if (it != per_resource_.end()) {
      if (current && std::find(it->second.begin(), it->second.end(), *current) != it->second.end())
        return current;
      best = it->second.front();
    }
  }
  for (const Sticky& s : sticky_) {
    if (best && !current) break;
    if (!sticky_covers(s, policy, asset, inventory)) continue;
    if (current && s.record->id == *current) return current;
    if (!best) best = s.record->id;
  }
  return best;
}

bool ExceptionIndex::is_active(int64_t id) const {
  auto it = by_id_.find(id);
  return it != by_id_.end() && active_at(all_[it->second], now_);
}

std::optional<int64_t> ExceptionIndex::per_resource(std::string_view policy_id,
                                                    std::string_view asset_id) const {
  auto it = per_resource_.find(pair_key(policy_id, asset_id));
  if (it == per_resource_.end()) return std::nullopt;
  return it->second.front();
}

std::string_view ExceptionIndex::ended_reason(int64_t id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return "exception-revoked";  // deleted from the store
  const store::ExceptionRecord& e = all_[it->second];
  if (e.revoked) return "exception-revoked";
  if (!(now_ < e.expires)) return "exception-expired";
  return "exception-unmatched";
}

std::vector<const store::ExceptionRecord*> ExceptionIndex::expired_since(
    std::optional<store::Time> since) const {
  std::vector<const store::ExceptionRecord*> out;
  for (const store::ExceptionRecord& e : all_)
    if (!e.revoked && !(now_ < e.expires) && (!since || *since < e.expires)) out.push_back(&e);
  return out;
}

}  // namespace vigil::tracker
