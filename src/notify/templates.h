// The messages Vigil sends, one function per event, each giving the subject,
// a plain-text body and an HTML body that say the same things (the HTML is
// escaped with core/xml_text.h: nothing from an asset, a tag or a policy
// message can add markup), plus the event as data (Message::facts).
// The caller sets the recipients and the idempotency key.
//
// Times are written in UTC (core/time_text.h format_time); a deadline also
// as the time left ("in 23h").
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "notify/message.h"
#include "notify/settings.h"

namespace vigil::notify {

using SystemTime = std::chrono::system_clock::time_point;

struct ViolationItem {
  std::string policy_id, title, severity;
  std::string asset_id, asset_name, account, region;
  std::string message;
};

struct ExceptionItem {
  int64_t id = 0;
  std::string what;  // "policy p on asset a", "policies of group prod"
  std::string reason, requested_by, granted_by, ticket;
  SystemTime expires{};
};

// A planned, applied or failed fix of one violation (the fixes themselves
// live in src/fix; the grace-period workflow in fix/autofix_*.h).
struct FixItem {
  ViolationItem violation;
  std::string action;  // "s3-block-public-access"
  std::string change;  // the exact change, as people read it
  SystemTime deadline{};
  std::string error;  // fix_failed, fix_suspended: why
  int64_t violation_id = 0;
  bool manual = false;         // mode manual: only an operator applies it
  std::string exception_help;  // how to request an exception (vigil.yaml autofix)
};

// "N new violations" of one owner from one scan. `items` beyond
// Settings::items_per_message are counted, not listed.
Message violations_opened(const std::vector<ViolationItem>& items, int64_t scan_id,
                          const Settings& settings);
Message fix_warning(const FixItem& fix, SystemTime now, const Settings& settings);
// The same warning again, before the deadline.
Message fix_reminder(const FixItem& fix, SystemTime now, const Settings& settings);
// Mode manual, at the deadline: waiting for an operator's `vigil fix apply`.
Message fix_awaiting_approval(const FixItem& fix, const Settings& settings);
// A check at the deadline failed or could not be made: not applied (error: why).
Message fix_suspended(const FixItem& fix, const Settings& settings);
// Postponed (a rate limit): the new deadline (deadline) and why (error).
Message fix_rescheduled(const FixItem& fix, const Settings& settings);
// Not needed any more (error: why: an exception, the violation closed).
Message fix_cancelled(const FixItem& fix, const Settings& settings);
Message fix_applied(const FixItem& fix, const Settings& settings);
Message fix_failed(const FixItem& fix, const Settings& settings);
Message exception_granted(const ExceptionItem& exception, const Settings& settings);
Message exception_expiring(const ExceptionItem& exception, SystemTime now,
                           const Settings& settings);
// The open violations of one audience: "owner a@example.com" or "group prod".
Message digest(const std::string& audience, const std::vector<ViolationItem>& open, SystemTime now,
               const Settings& settings);

}  // namespace vigil::notify
