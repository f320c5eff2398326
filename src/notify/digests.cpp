// Periodic digests per owner and per asset group (digests.h).
#include "notify/digests.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "notify/outbox_rows.h"
#include "notify/owners.h"
#include "notify/templates.h"
#include "notify/violation_item.h"

namespace vigil::notify {

namespace {

// Monday 1970-01-05 00:00 UTC.
const store::Time kFirstMonday = store::Time(std::chrono::hours(24 * 4));

// The asset's tags from its latest stored version (none when unreadable).
Tags stored_tags(store::Store& store, const std::string& asset_id) {
  Tags tags;
  store::AssetFilter filter;
  filter.asset_id = asset_id;
  int64_t key = 0;
  int version = 0;
  Status listed = store.for_each_asset(filter, [&](const store::AssetListing& a) {
    key = a.key;
    version = a.version;
    return false;
  });
  if (!listed.ok() || key == 0) return tags;
  auto stored = store.asset_version(key, version);
  if (!stored.ok() || !*stored) return tags;
  nlohmann::json doc = nlohmann::json::parse((*stored)->content, nullptr, false);
  if (doc.is_object() && doc.contains("tags") && doc["tags"].is_object())
    for (const auto& [k, v] : doc["tags"].items())
      if (v.is_string()) tags.emplace_back(k, v.get<std::string>());
  return tags;
}

std::string comma_joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

store::Time digest_period_start(store::Time now, Seconds every) {
  auto since = std::chrono::duration_cast<Seconds>(now - kFirstMonday);
  return kFirstMonday + (since / every) * every;
}

Result<size_t> enqueue_digests(store::Store& store, store::Time now, const Settings& settings) {
  if (settings.digest_every.count() <= 0) return size_t{0};
  store::Time period = digest_period_start(now, settings.digest_every);
  int64_t period_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(period.time_since_epoch()).count();
  store::ViolationFilter filter;
  filter.statuses = {store::ViolationStatus::Open};
  auto open = store.violations(filter);
  if (!open.ok()) return open.error();

  // Group membership of the groups that have owners.
  std::map<std::string, std::set<std::string>> members;
  for (const auto& [group, owners] : settings.owners.group_owners) {
    auto listed = store.group_members(group);
    if (listed.ok()) members[group] = std::set<std::string>(listed->begin(), listed->end());
  }
  std::map<std::string, std::vector<std::string>> groups_of;  // asset -> groups with owners
  for (const auto& [group, assets] : members)
    for (const std::string& a : assets) groups_of[a].push_back(group);

  std::vector<store::OutboxMessage> rows;
  if (settings.email) {
    std::map<std::vector<std::string>, std::vector<ViolationItem>> by_owners;
    std::map<std::string, Owners> owners_of;  // per asset, read once
    for (const store::Violation& v : *open) {
      auto it = owners_of.find(v.asset.id);
      if (it == owners_of.end())
        it = owners_of
                 .emplace(v.asset.id, resolve_owners(stored_tags(store, v.asset.id),
                                                     groups_of[v.asset.id], settings.owners))
                 .first;
      // Owners by group membership get the group's digest instead (below).
      bool by_group = it->second.via.rfind("group ", 0) == 0;
      if (!it->second.addresses.empty() && !by_group)
        by_owners[it->second.addresses].push_back(violation_item(v));
    }
    for (auto& [addresses, items] : by_owners) {
      Message m = digest("owner " + comma_joined(addresses), items, now, settings);
      m.to = addresses;
      m.key = fmt::format("digest:{}:owner:{}", period_ms, comma_joined(addresses));
      for (store::OutboxMessage& r : outbox_rows(m, settings, now))
        if (r.channel == "email") rows.push_back(std::move(r));
    }
  }
  for (const auto& [group, assets] : members) {
    std::vector<ViolationItem> items;
    for (const store::Violation& v : *open)
      if (assets.count(v.asset.id)) items.push_back(violation_item(v));
    if (items.empty()) continue;
    Message m = digest("group " + group, items, now, settings);
    m.to = settings.owners.group_owners.at(group);
    m.key = fmt::format("digest:{}:group:{}", period_ms, group);
    for (store::OutboxMessage& r : outbox_rows(m, settings, now)) rows.push_back(std::move(r));
  }
  return store.enqueue_messages(rows);
}

}  // namespace vigil::notify
