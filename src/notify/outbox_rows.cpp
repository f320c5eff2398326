// Events to outbox rows (outbox_rows.h).
#include "notify/outbox_rows.h"

#include <fmt/format.h>

#include <map>

namespace vigil::notify {

namespace {

store::OutboxMessage row(Message message, const std::string& channel, store::Time now) {
  store::OutboxMessage r;
  r.key = message.key + "/" + channel;
  r.channel = channel;
  r.kind = std::string(to_string(message.kind));
  r.created = now;
  r.next_attempt = now;
  if (channel != "email") message.to.clear();
  r.payload = to_json(message);
  return r;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The owners of an exception: the stored asset's tags for a per-resource
// one, the group's owners for a sticky one on a group; else the fallback.
Owners exception_owners(store::Store& store, const store::ExceptionRecord& e,
                        const OwnerRules& rules) {
  Tags tags;
  std::vector<std::string> groups;
  if (!e.asset_id.empty()) {
    Result<std::vector<store::AssetVersion>> history = store.asset_history(e.asset_id);
    if (history.ok() && !history->empty()) {
      nlohmann::json doc = nlohmann::json::parse(history->back().content, nullptr, false);
      if (doc.is_object() && doc.contains("tags") && doc["tags"].is_object())
        for (const auto& [k, v] : doc["tags"].items())
          if (v.is_string()) tags.emplace_back(k, v.get<std::string>());
    }
  }
  if (!e.group.empty()) groups.push_back(e.group);
  return resolve_owners(tags, groups, rules);
}

ExceptionItem exception_item(const store::ExceptionRecord& e) {
  ExceptionItem item;
  item.id = e.id;
  if (!e.sticky)
    item.what = fmt::format("policy {} on {}", e.policy_id, e.asset_id);
  else
    item.what = fmt::format("sticky: policies {}{}{} on {}",
                            e.policy_ids.empty() ? "(any)" : joined(e.policy_ids),
                            e.category.empty() ? "" : ", category " + e.category,
                            e.severity.empty() ? "" : ", severity " + e.severity,
                            !e.group.empty()       ? "group " + e.group
                            : !e.condition.empty() ? "assets where " + e.condition
                                                   : "any asset");
  item.reason = e.reason;
  item.requested_by = e.requested_by;
  item.granted_by = e.granted_by;
  item.ticket = e.ticket;
  item.expires = e.expires;
  return item;
}

}  // namespace

std::vector<store::OutboxMessage> outbox_rows(const Message& message, const Settings& settings,
                                              store::Time now) {
  std::vector<store::OutboxMessage> rows;
  if (settings.email && !message.to.empty()) rows.push_back(row(message, "email", now));
  for (const WebhookSettings& w : settings.webhooks)
    rows.push_back(row(message, "webhook:" + w.name, now));
  return rows;
}

std::vector<store::OutboxMessage> opened_violation_rows(const std::vector<OpenedItem>& opened,
                                                        int64_t scan_id, store::Time now,
                                                        const Settings& settings) {
  std::vector<store::OutboxMessage> rows;
  if (opened.empty()) return rows;
  if (settings.email) {
    std::map<std::vector<std::string>, std::vector<ViolationItem>> by_owners;
    for (const OpenedItem& o : opened) {
      Owners owners = resolve_owners(o.tags, o.groups, settings.owners);
      if (!owners.addresses.empty()) by_owners[owners.addresses].push_back(o.violation);
    }
    for (auto& [addresses, items] : by_owners) {
      Message m = violations_opened(items, scan_id, settings);
      m.to = addresses;
      m.key = fmt::format("scan:{}:opened:{}", scan_id, joined(addresses));
      rows.push_back(row(std::move(m), "email", now));
    }
  }
  if (!settings.webhooks.empty()) {
    std::vector<ViolationItem> all;
    for (const OpenedItem& o : opened) all.push_back(o.violation);
    Message m = violations_opened(all, scan_id, settings);
    m.key = fmt::format("scan:{}:opened", scan_id);
    for (const WebhookSettings& w : settings.webhooks)
      rows.push_back(row(m, "webhook:" + w.name, now));
  }
  return rows;
}

Result<size_t> enqueue_exception_notices(store::Store& store, store::Time now,
                                         const Settings& settings) {
  Result<std::vector<store::ExceptionRecord>> active = store.exceptions(false, now);
  if (!active.ok()) return active.error();
  std::vector<store::OutboxMessage> rows;
  auto add = [&](Message m, const Owners& owners) {
    m.to = owners.addresses;
    for (store::OutboxMessage& r : outbox_rows(m, settings, now)) rows.push_back(std::move(r));
  };
  for (const store::ExceptionRecord& e : *active) {
    const bool granted_recently = e.created + settings.exception_granted_within >= now;
    const bool expiring = e.expires <= now + settings.exception_expiring_within;
    if (!granted_recently && !expiring) continue;
    Owners owners = exception_owners(store, e, settings.owners);
    ExceptionItem item = exception_item(e);
    if (granted_recently) {
      Message m = exception_granted(item, settings);
      m.key = fmt::format("exception:{}:granted", e.id);
      add(std::move(m), owners);
    }
    if (expiring) {
      Message m = exception_expiring(item, now, settings);
      m.key = fmt::format(
          "exception:{}:expiring:{}", e.id,
          std::chrono::duration_cast<std::chrono::milliseconds>(e.expires.time_since_epoch())
              .count());
      add(std::move(m), owners);
    }
  }
  if (rows.empty()) return size_t{0};
  return store.enqueue_messages(rows);
}

}  // namespace vigil::notify
