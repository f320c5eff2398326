// Notifications in `vigil serve` (docs/notifications.md), when vigil.yaml
// has a `notifications:` block:
//  - each scan's newly opened violations become outbox messages in the
//    scan's own transaction (notify_opened_hook, through
//    tracker::RecordOptions::notify_opened): a "N new violations" e-mail
//    per owner, one message per webhook;
//  - every tick (after each round of scans, and at least every
//    Notifier::kEvery), exceptions granted or expiring within the windows
//    are enqueued (once each), and at the start of each digest period the
//    period's digests (notify/digests.h); then every message due is
//    delivered, failed ones retried later with backoff (notify/dispatcher.h).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "notify/channel.h"
#include "notify/dispatcher.h"
#include "notify/settings.h"
#include "store/store.h"
#include "tracker/tracker.h"

namespace vigil::daemon {

tracker::NotifyOpened notify_opened_hook(const notify::Settings& settings, store::Time now);

class Notifier {
 public:
  static constexpr std::chrono::seconds kEvery{60};

  // Channels from `settings` (notify::configured_channels).
  Notifier(const notify::Settings& settings, store::Store& store);
  // Given channels (tests).
  Notifier(const notify::Settings& settings, store::Store& store,
           std::vector<std::unique_ptr<notify::Channel>> channels);

  // Enqueues the exception notices due at `now`, then delivers the messages
  // due. Returns log lines (one per failure, one summary when anything
  // happened).
  std::vector<std::string> tick(store::Time now);

 private:
  const notify::Settings& settings_;
  store::Store& store_;
  notify::Dispatcher dispatcher_;
  store::Time digests_done_{};  // the digest period whose digests this process enqueued
};

}  // namespace vigil::daemon
