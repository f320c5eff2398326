// From events to outbox rows (store.h OutboxMessage), the only place that
// decides who is told what and under which idempotency key:
//
//   opened_violation_rows  one scan's opened violations: an e-mail per owner
//                          set ("N new violations"), and one message per
//                          webhook with all of them.
//                          keys: scan:<id>:opened:<owners>/email,
//                                scan:<id>:opened/webhook:<name>
//   enqueue_exception_notices  exceptions granted within the window and
//                          exceptions expiring within the window, each once.
//                          keys: exception:<id>:granted/<channel>,
//                                exception:<id>:expiring:<expires ms>/<channel>
//                          (a renewed exception, with a new expiry, is
//                          announced again)
//
// A message is e-mailed only when it has recipients (owners.h) and e-mail
// is configured; each webhook gets every event.
#pragma once

#include <string>
#include <vector>

#include "notify/owners.h"
#include "notify/settings.h"
#include "notify/templates.h"
#include "store/store.h"

namespace vigil::notify {

// The rows of `message` for every configured channel, due at `now`.
std::vector<store::OutboxMessage> outbox_rows(const Message& message, const Settings& settings,
                                              store::Time now);

struct OpenedItem {
  ViolationItem violation;
  Tags tags;
  std::vector<std::string> groups;
};

std::vector<store::OutboxMessage> opened_violation_rows(const std::vector<OpenedItem>& opened,
                                                        int64_t scan_id, store::Time now,
                                                        const Settings& settings);

// Enqueues the exception notices due at `now`; returns how many rows were new.
Result<size_t> enqueue_exception_notices(store::Store& store, store::Time now,
                                         const Settings& settings);

}  // namespace vigil::notify
