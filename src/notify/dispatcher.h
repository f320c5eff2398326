// Delivery of the store's outbox (store.h OutboxMessage): every message due
// is sent through its channel; a success marks it sent, a failure records
// the error and schedules the next attempt with exponential backoff
// (settings.h Backoff), and after the last attempt the row is abandoned
// (kept with its error). So no message is lost while a server is down, and
// none is sent twice: a row is marked sent right after its channel accepted
// it (a crash in between, the one window left, would repeat that one).
//
// Time is the caller's `now` (no clock, no sleeping): `vigil serve` calls
// deliver_due on its own schedule; tests step time by hand.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "notify/channel.h"
#include "notify/settings.h"
#include "store/store.h"

namespace vigil::notify {

struct DispatchReport {
  size_t sent = 0, retried = 0, abandoned = 0;
  std::vector<std::string> errors;  // one line per failed attempt: "outbox 12 (email): ..."
};

class Dispatcher {
 public:
  Dispatcher(store::Store& store, std::vector<std::unique_ptr<Channel>> channels, Backoff backoff);

  // Sends the messages due at `now`, earliest first, at most `limit`.
  // Errors: only the store's (a failed delivery is in the report).
  Result<DispatchReport> deliver_due(store::Time now, size_t limit = 200);

 private:
  Channel* channel(const std::string& name);

  store::Store& store_;
  std::vector<std::unique_ptr<Channel>> channels_;
  Backoff backoff_;
};

// The channels `settings` configures: "email" when an SMTP server is set,
// and one per webhook.
std::vector<std::unique_ptr<Channel>> configured_channels(const Settings& settings);

}  // namespace vigil::notify
