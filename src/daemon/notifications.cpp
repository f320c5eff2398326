// Notifications in `vigil serve` (notifications.h).
#include "daemon/notifications.h"

#include <fmt/format.h>

#include "notify/digests.h"
#include "notify/outbox_rows.h"
#include "policy/policy.h"

namespace vigil::daemon {

namespace {

notify::OpenedItem opened_item(const tracker::OpenedViolation& o) {
  notify::OpenedItem item;
  notify::ViolationItem& v = item.violation;
  v.policy_id = o.policy->id;
  v.title = o.policy->title;
  v.severity = std::string(to_string(o.policy->severity));
  v.asset_id = std::string(o.asset->id);
  v.asset_name = std::string(o.asset->name);
  v.account = std::string(o.asset->account);
  v.region = std::string(o.asset->region);
  v.message = std::string(o.message);
  item.tags = notify::asset_tags(*o.asset);
  for (std::string_view g : o.groups) item.groups.emplace_back(g);
  return item;
}

}  // namespace

tracker::NotifyOpened notify_opened_hook(const notify::Settings& settings, store::Time now) {
  return [&settings, now](int64_t scan_id, const std::vector<tracker::OpenedViolation>& opened) {
    std::vector<notify::OpenedItem> items;
    items.reserve(opened.size());
    for (const tracker::OpenedViolation& o : opened) items.push_back(opened_item(o));
    return notify::opened_violation_rows(items, scan_id, now, settings);
  };
}

Notifier::Notifier(const notify::Settings& settings, store::Store& store)
    : Notifier(settings, store, notify::configured_channels(settings)) {}

Notifier::Notifier(const notify::Settings& settings, store::Store& store,
                   std::vector<std::unique_ptr<notify::Channel>> channels)
    : settings_(settings),
      store_(store),
      dispatcher_(store, std::move(channels), settings.backoff) {}

std::vector<std::string> Notifier::tick(store::Time now) {
  std::vector<std::string> log;
  Result<size_t> enqueued = notify::enqueue_exception_notices(store_, now, settings_);
  if (!enqueued.ok()) log.push_back("notifications: " + enqueued.error().message);
  if (settings_.digest_every.count() > 0) {
    store::Time period = notify::digest_period_start(now, settings_.digest_every);
    if (period != digests_done_) {
      Result<size_t> digests = notify::enqueue_digests(store_, now, settings_);
      if (!digests.ok()) {
        log.push_back("notifications: digests: " + digests.error().message);
      } else {
        digests_done_ = period;
        if (enqueued.ok()) *enqueued += *digests;
      }
    }
  }
  Result<notify::DispatchReport> report = dispatcher_.deliver_due(now);
  if (!report.ok()) {
    log.push_back("notifications: " + report.error().message);
    return log;
  }
  for (const std::string& e : report->errors) log.push_back("notifications: " + e);
  size_t added = enqueued.ok() ? *enqueued : 0;
  if (added || report->sent || report->retried || report->abandoned)
    log.push_back(fmt::format("notifications: {} enqueued, {} sent, {} to retry, {} abandoned",
                              added, report->sent, report->retried, report->abandoned));
  return log;
}

}  // namespace vigil::daemon
