// Messages about violations and their fixes (templates.h).
#include <fmt/format.h>

#include <map>

#include "core/time_text.h"
#include "notify/message_body.h"
#include "notify/templates.h"

namespace vigil::notify {

using detail::MessageBody;
using detail::violation_facts;
using detail::when;

namespace {

nlohmann::json violations_facts(const std::vector<ViolationItem>& items, size_t max) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < items.size() && i < max; ++i) list.push_back(violation_facts(items[i]));
  return list;
}

std::string plural(size_t n, std::string_view one) {
  return fmt::format("{} {}{}", n, one, n == 1 ? "" : "s");
}

std::string fix_title(const FixItem& fix) {
  const ViolationItem& v = fix.violation;
  return fmt::format("{} on {}", v.title.empty() ? v.policy_id : v.title,
                     v.asset_name.empty() ? v.asset_id : v.asset_name);
}

Message fix_message(EventKind kind, const std::string& subject, MessageBody& body,
                    const FixItem& fix) {
  Message m;
  m.kind = kind;
  m.subject = subject;
  m.text = body.text();
  m.html = body.html();
  m.facts = {{"kind", to_string(kind)},
             {"violation", violation_facts(fix.violation)},
             {"action", fix.action},
             {"change", fix.change},
             {"deadline", format_time(fix.deadline)}};
  if (!fix.error.empty()) m.facts["error"] = fix.error;
  return m;
}

}  // namespace

Message violations_opened(const std::vector<ViolationItem>& items, int64_t scan_id,
                          const Settings& settings) {
  Message m;
  m.kind = EventKind::ViolationsOpened;
  m.subject =
      items.size() == 1
          ? fmt::format("[Vigil] New {} violation: {} on {}", items[0].severity,
                        items[0].title.empty() ? items[0].policy_id : items[0].title,
                        items[0].asset_name.empty() ? items[0].asset_id : items[0].asset_name)
          : fmt::format("[Vigil] {} on your resources", plural(items.size(), "new violation"));
  MessageBody body(
      fmt::format("{} found by scan {}", plural(items.size(), "new violation"), scan_id));
  body.paragraph(
      "You receive this because you own these resources (by their tags, an asset group, "
      "or as the deployment's fallback contact).");
  body.violations(items, settings.items_per_message);
  body.paragraph(
      "Fix the resource, or ask for an exception if the finding is accepted "
      "(an operator grants it with `vigil exceptions add`).");
  body.link("Open in Vigil", settings.dashboard_url);
  m.text = body.text();
  m.html = body.html();
  m.facts = {{"kind", to_string(m.kind)},
             {"scan_id", scan_id},
             {"count", items.size()},
             {"violations", violations_facts(items, settings.items_per_message)}};
  return m;
}

Message digest(const std::string& audience, const std::vector<ViolationItem>& open, SystemTime now,
               const Settings& settings) {
  Message m;
  m.kind = EventKind::Digest;
  m.subject =
      fmt::format("[Vigil] Digest for {}: {}", audience, plural(open.size(), "open violation"));
  MessageBody body(fmt::format("Open violations for {} as of {}", audience, format_time(now)));
  std::map<std::string, size_t> by_severity;
  for (const ViolationItem& v : open) ++by_severity[v.severity];
  std::vector<std::pair<std::string, std::string>> counts;
  for (std::string_view s : {"critical", "high", "medium", "low", "info"})
    if (auto it = by_severity.find(std::string(s)); it != by_severity.end())
      counts.emplace_back(std::string(s), std::to_string(it->second));
  body.fields(counts);
  body.violations(open, settings.items_per_message);
  body.link("Open in Vigil", settings.dashboard_url);
  m.text = body.text();
  m.html = body.html();
  m.facts = {{"kind", to_string(m.kind)},
             {"audience", audience},
             {"count", open.size()},
             {"violations", violations_facts(open, settings.items_per_message)}};
  return m;
}

namespace {

// The warning's body, shared by the first notice and the reminders.
MessageBody warning_body(std::string title, const FixItem& fix, SystemTime now,
                         const Settings& settings) {
  MessageBody body(title + fix_title(fix));
  body.paragraph(
      fix.manual
          ? "Unless the violation is fixed or an exception is granted, an operator will be asked "
            "to apply this change at the deadline."
          : "Unless the violation is fixed or an exception is granted, Vigil will apply this "
            "change at the deadline.");
  body.fields({{"Deadline", when(fix.deadline, now)},
               {"Change", fix.change},
               {"Action", fix.action},
               {"Violation", fix.violation_id ? std::to_string(fix.violation_id) : ""},
               {"Policy", fix.violation.policy_id},
               {"Resource", fix.violation.asset_id},
               {"Finding", fix.violation.message}});
  body.paragraph(
      "To keep the resource as it is, ask for an exception before the deadline (an "
      "operator grants it with `vigil exceptions add --policy " +
      fix.violation.policy_id + " --asset " + fix.violation.asset_id +
      " --reason ... --expires ...`)." +
      (fix.exception_help.empty() ? std::string() : " " + fix.exception_help));
  body.link("Open in Vigil", settings.dashboard_url);
  return body;
}

}  // namespace

Message fix_warning(const FixItem& fix, SystemTime now, const Settings& settings) {
  MessageBody body =
      warning_body(fix.manual ? "Fix to approve: " : "Automatic fix planned: ", fix, now, settings);
  return fix_message(
      EventKind::FixWarning,
      fmt::format("[Vigil] Fix planned by {}: {}", format_time(fix.deadline), fix_title(fix)), body,
      fix);
}

Message fix_reminder(const FixItem& fix, SystemTime now, const Settings& settings) {
  MessageBody body = warning_body("Reminder: fix planned: ", fix, now, settings);
  return fix_message(EventKind::FixReminder,
                     fmt::format("[Vigil] Reminder: fix planned by {}: {}",
                                 format_time(fix.deadline), fix_title(fix)),
                     body, fix);
}

Message fix_awaiting_approval(const FixItem& fix, const Settings& settings) {
  MessageBody body("Fix waiting for an operator: " + fix_title(fix));
  body.paragraph(
      "The deadline has passed and the violation is still open. This policy's fixes are "
      "applied by an operator only: `vigil fix plan --violation " +
      std::to_string(fix.violation_id) + "`, then `vigil fix apply --violation " +
      std::to_string(fix.violation_id) + "`.");
  body.fields({{"Change", fix.change},
               {"Action", fix.action},
               {"Policy", fix.violation.policy_id},
               {"Resource", fix.violation.asset_id}});
  body.link("Open in Vigil", settings.dashboard_url);
  return fix_message(EventKind::FixAwaitingApproval,
                     "[Vigil] Fix waiting for approval: " + fix_title(fix), body, fix);
}

Message fix_suspended(const FixItem& fix, const Settings& settings) {
  MessageBody body("Automatic fix not applied: " + fix_title(fix));
  body.fields({{"Why", fix.error},
               {"Change", fix.change},
               {"Action", fix.action},
               {"Policy", fix.violation.policy_id},
               {"Resource", fix.violation.asset_id}});
  body.paragraph(
      "Nothing was changed. The plan is suspended; a new plan (and a new notice) follows when "
      "a scan finds the resource still in violation in another state.");
  body.link("Open in Vigil", settings.dashboard_url);
  return fix_message(EventKind::FixSuspended, "[Vigil] Fix suspended: " + fix_title(fix), body,
                     fix);
}

Message fix_rescheduled(const FixItem& fix, const Settings& settings) {
  MessageBody body("Automatic fix postponed to " + format_time(fix.deadline) + ": " +
                   fix_title(fix));
  body.fields({{"Why", fix.error},
               {"New deadline", format_time(fix.deadline)},
               {"Change", fix.change},
               {"Action", fix.action},
               {"Policy", fix.violation.policy_id},
               {"Resource", fix.violation.asset_id}});
  body.paragraph(
      "Nothing was changed yet. The fix runs at the new deadline unless the violation is fixed "
      "or excepted first; this notice is sent once per plan, however often it is postponed.");
  if (!fix.exception_help.empty()) body.paragraph(fix.exception_help);
  body.link("Open in Vigil", settings.dashboard_url);
  return fix_message(EventKind::FixRescheduled, "[Vigil] Fix postponed: " + fix_title(fix), body,
                     fix);
}

Message fix_cancelled(const FixItem& fix, const Settings& settings) {
  MessageBody body("Automatic fix cancelled: " + fix_title(fix));
  body.fields({{"Why", fix.error},
               {"Action", fix.action},
               {"Policy", fix.violation.policy_id},
               {"Resource", fix.violation.asset_id}});
  body.paragraph("Nothing was changed, and nothing will be for this plan.");
  body.link("Open in Vigil", settings.dashboard_url);
  return fix_message(EventKind::FixCancelled, "[Vigil] Fix cancelled: " + fix_title(fix), body,
                     fix);
}

Message fix_applied(const FixItem& fix, const Settings& settings) {
  MessageBody body("Fixed automatically: " + fix_title(fix));
  body.fields({{"Change", fix.change},
               {"Action", fix.action},
               {"Policy", fix.violation.policy_id},
               {"Resource", fix.violation.asset_id}});
  body.paragraph(
      "The previous configuration is recorded; an operator can undo the change "
      "(`vigil fix undo`).");
  body.link("Open in Vigil", settings.dashboard_url);
  return fix_message(EventKind::FixApplied, "[Vigil] Fixed: " + fix_title(fix), body, fix);
}

Message fix_failed(const FixItem& fix, const Settings& settings) {
  MessageBody body("Automatic fix failed: " + fix_title(fix));
  body.fields({{"Error", fix.error},
               {"Change", fix.change},
               {"Action", fix.action},
               {"Policy", fix.violation.policy_id},
               {"Resource", fix.violation.asset_id}});
  body.paragraph(
      "The violation is still open; the fix is not retried blindly. Check the resource.");
  body.link("Open in Vigil", settings.dashboard_url);
  return fix_message(EventKind::FixFailed, "[Vigil] Fix failed: " + fix_title(fix), body, fix);
}

}  // namespace vigil::notify
