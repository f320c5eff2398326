// One notification: who gets it, what it says (text and HTML), why (the
// event kind and its facts), and its idempotency key. Templates
// (templates.h) make them; channels (channel.h) deliver them; the outbox
// stores them as JSON (to_json / message_from_json round-trip exactly).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vigil::notify {

enum class EventKind {
  ViolationsOpened,     // one scan's new violations of one owner
  FixWarning,           // a fix is planned: its deadline and the exact change
  FixReminder,          // the same, before the deadline
  FixAwaitingApproval,  // mode manual: due, waiting for an operator
  FixSuspended,         // not applied: a check failed (the reason says which)
  FixRescheduled,       // postponed by a rate limit: the new deadline and why
  FixCancelled,         // not needed any more: exception granted, violation closed
  FixApplied,
  FixFailed,
  ExceptionGranted,
  ExceptionExpiring,  // within the configured window
  Digest,             // open violations of one owner or asset group
};
std::string_view to_string(EventKind kind);  // "violations-opened", ...
std::optional<EventKind> event_kind_from(std::string_view text);

struct Message {
  EventKind kind = EventKind::ViolationsOpened;
  std::vector<std::string> to;  // e-mail addresses
  std::string subject;
  std::string text;  // plain-text body
  std::string html;  // HTML body (a whole document)
  // Unique per event and recipient set: enqueuing it twice sends it once.
  std::string key;
  // The event as data, for webhooks: {"kind", "violations": [...], ...}.
  nlohmann::json facts = nlohmann::json::object();
};

std::string to_json(const Message& message);
// Errors: not JSON, or a field missing or of the wrong type (Corrupt).
Result<Message> message_from_json(std::string_view text);

}  // namespace vigil::notify
