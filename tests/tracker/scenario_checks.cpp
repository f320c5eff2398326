// See scenario_checks.h.
#include "scenario_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "scenario_fields.h"
#include "scenario_yaml.h"
#include "tracker/record_assessment.h"

namespace vigil::tracker::scenario {
namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

class Checker {
 public:
  Checker(store::Store& store, const RunState& state, const Report& report)
      : store_(store), state_(state), report_(report) {}

  void run(const Expect& e, int line) {
    line_ = line;
    if (!e.summary.empty() || e.warnings) summary(e);
    if (e.scan) scan_row(*e.scan);
    if (!e.violations.empty() || !e.totals.empty()) {
      auto all = store_.violations({});
      if (!ok(all, "listing violations")) return;
      for (const ViolationExpect& v : e.violations) violation(v, *all);
      totals(e.totals, *all);
    }
    for (const ListedExpect& l : e.listed) listed(l);
    if (e.assets) assets(*e.assets);
    for (const auto& [name, members] : e.groups) group(name, members);
    if (e.audit) audit(*e.audit);
    for (const ScoreExpect& s : e.scores) score(s);
    if (!e.revoked.empty()) revoked(e.revoked);
  }

 private:
  template <typename T>
  bool ok(const Result<T>& r, std::string_view what) {
    if (r.ok()) return true;
    report_(line_, fmt::format("{}: {}", what, r.error().message));
    return false;
  }

  std::string when(store::Time t) const { return format_when(t, state_.start); }

  std::string exception_name(const std::optional<int64_t>& id) const {
    if (!id) return "none";
    for (const auto& [name, known] : state_.exceptions)
      if (known == *id) return name;
    return fmt::format("#{} (not granted by the scenario)", *id);
  }

  std::string scan_name(int64_t scan_id) const {
    if (scan_id == 0) return "outside a scan";
    for (size_t i = 0; i < state_.scan_ids.size(); ++i)
      if (state_.scan_ids[i] == scan_id) return fmt::format("scan {}", i + 1);
    return fmt::format("store scan {}", scan_id);
  }

  std::string event_text(const store::ViolationEvent& e) const {
    return fmt::format("{} ({}{}, {}, {})", e.reason,
                       e.from ? std::string(store::to_string(*e.from)) + " -> " : "",
                       store::to_string(e.to), when(e.at), scan_name(e.scan_id));
  }

  std::string events_text(const std::vector<store::ViolationEvent>& events) const {
    std::vector<std::string> items;
    for (const auto& e : events) items.push_back(event_text(e));
    return joined(items);
  }

  std::string violation_text(const store::Violation& v) const {
    std::string state(store::to_string(v.status));
    if (!v.close_reason.empty()) state += " (" + v.close_reason + ")";
    return fmt::format("{}, severity {}, category {}, exception {}, first seen {}, message {}",
                       state, v.severity, v.category, exception_name(v.exception_id),
                       when(v.first_seen), quoted(v.message));
  }

  void revoked(const std::vector<CountExpect>& want) {
    if (!state_.last_revoke) {
      report_(want.front().line, "revoked: no revoke was done before this block");
      return;
    }
    const RevokeSummary& r = *state_.last_revoke;
    for (const CountExpect& c : want) {
      uint64_t found = revoke_count(r, c.name).value_or(0);
      if (found != c.value)
        report_(c.line, fmt::format("revoked.{}: expected {}, found {} (moved {}, reopened {})",
                                    c.name, c.value, found, r.moved, r.reopened));
    }
  }

  void summary(const Expect& e) {
    if (!state_.last_summary) {
      report_(line_, "summary, warnings: no scan was recorded before this block");
      return;
    }
    const RecordSummary& s = *state_.last_summary;
    for (const CountExpect& c : e.summary) {
      uint64_t found = summary_count(s, c.name).value_or(0);
      if (found != c.value)
        report_(c.line, fmt::format("summary.{}: expected {}, found {}\n  {}; violation writes {}, "
                                    "asset writes {}, groups changed {}",
                                    c.name, c.value, found, summary_line(s), s.violation_writes,
                                    s.asset_writes, s.groups_changed));
    }
    if (!e.warnings) return;
    const std::vector<std::string>& want = e.warnings->value;
    bool same = want.size() == s.warnings.size();
    for (size_t i = 0; same && i < want.size(); ++i)
      same = s.warnings[i].find(want[i]) != std::string::npos;
    if (!same)
      report_(
          e.warnings->line,
          fmt::format("warnings: expected {} (each found warning containing its text), found {}",
                      joined(want), joined(s.warnings)));
  }

  void scan_row(const ScanRowExpect& e) {
    if (state_.scan_ids.empty()) {
      report_(line_, "scan: no scan was recorded before this block");
      return;
    }
    auto found = store_.get_scan(state_.scan_ids.back());
    if (!ok(found, "reading the scan")) return;
    if (!found->has_value()) {
      report_(line_, "the last scan is not in the store");
      return;
    }
    const store::ScanRecord& row = **found;
    if (e.state && e.state->value != row.state)
      report_(e.state->line,
              fmt::format("scan.state: expected {}, found {} {}", store::to_string(e.state->value),
                          store::to_string(row.state), row.error));
    for (const CountExpect& c : e.counts) {
      uint64_t value = scan_count(row, c.name).value_or(0);
      if (value != c.value)
        report_(c.line, fmt::format("scan.{}: expected {}, found {} (assets {}, evaluations {}, "
                                    "violations {}, compliant {}, unknown {}, exempted {})",
                                    c.name, c.value, value, row.assets, row.evaluations,
                                    row.violations, row.compliant, row.unknown, row.exempted));
    }
    if (e.scopes) scopes(*e.scopes, row.scopes);
  }

  static std::string scope_name(const store::ScopeKey& k) {
    return k.account + "/" + k.region + "/" + k.type;
  }

  void scopes(const At<std::vector<ScopeSpec>>& want,
              const std::vector<store::ScopeStatus>& found) {
    std::vector<std::string> all;
    for (const store::ScopeStatus& s : found)
      all.push_back(fmt::format("{}: {}{}, {} assets", scope_name(s.key), s.ok ? "ok" : "failed",
                                s.error.empty() ? "" : " " + quoted(s.error), s.assets));
    std::string listing = "scopes found: " + joined(all);
    for (const ScopeSpec& w : want.value) {
      auto f = std::find_if(found.begin(), found.end(),
                            [&](const store::ScopeStatus& s) { return s.key == w.key; });
      if (f == found.end()) {
        report_(w.line, fmt::format("scope {}: not on the scan; {}", scope_name(w.key), listing));
        continue;
      }
      if ((w.ok && *w.ok != f->ok) || (w.error && *w.error != f->error) ||
          (w.assets && *w.assets != f->assets))
        report_(w.line, fmt::format("scope {}: expected {}{}{}; {}", scope_name(w.key),
                                    w.ok ? (*w.ok ? "ok" : "failed") : "",
                                    w.error ? " error " + quoted(*w.error) : "",
                                    w.assets ? fmt::format(" {} assets", *w.assets) : "", listing));
    }
    for (const store::ScopeStatus& f : found)
      if (std::none_of(want.value.begin(), want.value.end(),
                       [&](const ScopeSpec& w) { return w.key == f.key; }))
        report_(want.line, fmt::format("scope {} is on the scan but not expected; {}",
                                       scope_name(f.key), listing));
  }

  void violation(const ViolationExpect& w, const std::vector<store::Violation>& all) {
    std::string name = w.policy + " on " + w.asset;
    auto f = std::find_if(all.begin(), all.end(), [&](const store::Violation& v) {
      return v.policy_id == w.policy && v.asset.id == w.asset;
    });
    if (w.absent) {
      if (f != all.end())
        report_(w.line,
                fmt::format("{}: expected no violation, found {}", name, violation_text(*f)));
      return;
    }
    if (f == all.end()) {
      std::vector<std::string> stored;
      for (const store::Violation& v : all) stored.push_back(v.policy_id + " on " + v.asset.id);
      report_(w.line,
              fmt::format("{}: no such violation in the store; stored: {}", name, joined(stored)));
      return;
    }
    const store::Violation& v = *f;
    auto found = [&] { return name + " is " + violation_text(v); };
    auto differs = [&](const std::optional<At<std::string>>& want, const std::string& value,
                       std::string_view field) {
      if (want && want->value != value)
        report_(want->line, fmt::format("{}: expected {} {}, found {}\n  {}", name, field,
                                        quoted(want->value), quoted(value), found()));
    };
    if (w.state && w.state->value != v.status)
      report_(w.state->line,
              fmt::format("{}: expected state {}, found {}\n  {}", name,
                          store::to_string(w.state->value), store::to_string(v.status), found()));
    differs(w.reason, v.close_reason, "close reason");
    differs(w.message, v.message, "message");
    differs(w.severity, v.severity, "severity");
    differs(w.category, v.category, "category");
    if (w.message_contains && v.message.find(w.message_contains->value) == std::string::npos)
      report_(w.message_contains->line,
              fmt::format("{}: expected a message containing {}\n  {}", name,
                          quoted(w.message_contains->value), found()));
    if (w.first_seen && w.first_seen->value != v.first_seen)
      report_(w.first_seen->line, fmt::format("{}: expected first seen {}, found {}", name,
                                              when(w.first_seen->value), when(v.first_seen)));
    if (w.exception) {
      std::string want = w.exception->value;
      std::string have = exception_name(v.exception_id);
      if (want != have)
        report_(w.exception->line, fmt::format("{}: expected exception {}, found {}\n  {}", name,
                                               want, have, found()));
    }
    if (w.events) events(name, w.events->value, w.events->line, v.id);
  }

  void events(const std::string& name, const std::vector<EventExpect>& want, int line, int64_t id) {
    auto found = store_.violation_events(id);
    if (!ok(found, "reading events")) return;
    const std::vector<store::ViolationEvent>& have = *found;
    std::vector<std::string> want_reasons;
    for (const EventExpect& e : want) want_reasons.push_back(e.reason);
    bool same = want.size() == have.size();
    for (size_t i = 0; same && i < want.size(); ++i) same = want[i].reason == have[i].reason;
    if (!same) {
      report_(line, fmt::format("{}: expected events {}, found {}", name, joined(want_reasons),
                                events_text(have)));
      return;
    }
    for (size_t i = 0; i < want.size(); ++i) {
      const EventExpect& w = want[i];
      const store::ViolationEvent& h = have[i];
      std::vector<std::string> wrong;
      if (w.from && (!h.from || *h.from != *w.from))
        wrong.push_back(fmt::format("from {}", store::to_string(*w.from)));
      if (w.to && h.to != *w.to) wrong.push_back(fmt::format("to {}", store::to_string(*w.to)));
      if (w.at && h.at != *w.at) wrong.push_back("at " + when(*w.at));
      if (w.message && h.message != *w.message) wrong.push_back("message " + quoted(*w.message));
      if (w.scan) {
        int64_t scan_id = *w.scan == 0 ? 0 : state_.scan_ids.at(static_cast<size_t>(*w.scan - 1));
        if (h.scan_id != scan_id)
          wrong.push_back(*w.scan == 0 ? "outside a scan" : fmt::format("scan {}", *w.scan));
      }
      if (!wrong.empty()) {
        std::string expected;
        for (const std::string& s : wrong) expected += (expected.empty() ? "" : ", ") + s;
        report_(w.line, fmt::format("{}: event {} ({}): expected {}, found {}; message {}", name,
                                    i + 1, w.reason, expected, event_text(h), quoted(h.message)));
      }
    }
  }

  void totals(const std::vector<CountExpect>& want, const std::vector<store::Violation>& all) {
    for (const CountExpect& c : want) {
      store::ViolationStatus status = *store::violation_status_from(c.name);
      uint64_t n = std::count_if(all.begin(), all.end(),
                                 [&](const store::Violation& v) { return v.status == status; });
      if (n != c.value)
        report_(c.line, fmt::format("totals.{}: expected {} violations {}, found {}", c.name,
                                    c.value, c.name, n));
    }
  }

  void listed(const ListedExpect& l) {
    auto found = store_.violations(l.filter);
    if (!ok(found, "listing violations")) return;
    std::vector<std::string> have, want = l.violations;
    for (const store::Violation& v : *found) have.push_back(v.policy_id + " on " + v.asset.id);
    std::sort(have.begin(), have.end());
    std::sort(want.begin(), want.end());
    if (have != want)
      report_(l.line, fmt::format("listed '{}': expected {}, found {}", l.filter_text, joined(want),
                                  joined(have)));
  }

  void assets(const At<std::vector<AssetExpect>>& want) {
    auto heads = store_.asset_heads();
    if (!ok(heads, "reading assets")) return;
    std::vector<std::string> all;
    for (const store::AssetHead& h : *heads)
      all.push_back(fmt::format("{} ({}, owner {})", h.id, h.deleted ? "deleted" : "present",
                                h.source.empty() ? "unknown" : h.source));
    std::string listing = "assets found: " + joined(all);
    for (const AssetExpect& w : want.value) {
      auto h = std::find_if(heads->begin(), heads->end(),
                            [&](const store::AssetHead& a) { return a.id == w.id; });
      if (h == heads->end()) {
        report_(w.line, fmt::format("asset {}: not in the store; {}", w.id, listing));
        continue;
      }
      if (w.deleted && *w.deleted != h->deleted)
        report_(w.line, fmt::format("asset {}: expected {}; {}", w.id,
                                    *w.deleted ? "deleted" : "present", listing));
      if (w.owner && *w.owner != h->source)
        report_(w.line, fmt::format("asset {}: expected owner {}; {}", w.id, *w.owner, listing));
    }
    for (const store::AssetHead& h : *heads)
      if (std::none_of(want.value.begin(), want.value.end(),
                       [&](const AssetExpect& w) { return w.id == h.id; }))
        report_(want.line,
                fmt::format("asset {} is in the store but not expected; {}", h.id, listing));
  }

  void group(const std::string& name, const At<std::vector<std::string>>& want) {
    auto members = store_.group_members(name);
    if (!ok(members, "reading group " + name)) return;
    std::vector<std::string> have = *members, expected = want.value;
    std::sort(have.begin(), have.end());
    std::sort(expected.begin(), expected.end());
    if (have != expected)
      report_(want.line, fmt::format("group {}: expected members {}, found {}", name,
                                     joined(expected), joined(have)));
  }

  std::string audit_text(const store::AuditEntry& a) const {
    return fmt::format("{} by {} on {} at {} {}", a.action, a.actor, a.object, when(a.at),
                       a.details.dump());
  }

  void audit(const At<std::vector<AuditExpect>>& want) {
    auto log = store_.audit_log({100000});
    if (!ok(log, "reading the audit log")) return;
    std::vector<store::AuditEntry> have(log->rbegin(), log->rend());  // oldest first
    std::vector<std::string> all;
    for (const store::AuditEntry& a : have) all.push_back(audit_text(a));
    std::string listing = "audit log: " + joined(all);
    bool same = want.value.size() == have.size();
    for (size_t i = 0; same && i < have.size(); ++i) same = want.value[i].action == have[i].action;
    if (!same) {
      std::vector<std::string> actions;
      for (const AuditExpect& w : want.value) actions.push_back(w.action);
      report_(want.line, fmt::format("audit: expected {}, found {}", joined(actions), listing));
      return;
    }
    for (size_t i = 0; i < have.size(); ++i) {
      const AuditExpect& w = want.value[i];
      const store::AuditEntry& h = have[i];
      std::vector<std::string> wrong;
      if (w.actor && *w.actor != h.actor) wrong.push_back("actor " + *w.actor);
      if (w.object && *w.object != h.object) wrong.push_back("object " + *w.object);
      if (w.exception) {
        auto id = state_.exceptions.find(*w.exception);
        std::string object =
            id == state_.exceptions.end() ? "exception:?" : fmt::format("exception:{}", id->second);
        if (object != h.object) wrong.push_back("exception " + *w.exception + " (" + object + ")");
      }
      if (w.at && *w.at != h.at) wrong.push_back("at " + when(*w.at));
      if (w.details)
        for (const auto& [key, value] : w.details->items())
          if (!h.details.contains(key) || h.details[key] != value)
            wrong.push_back(fmt::format("details.{} {}", key, value.dump()));
      if (!wrong.empty()) {
        std::string expected;
        for (const std::string& s : wrong) expected += (expected.empty() ? "" : ", ") + s;
        report_(w.line, fmt::format("audit entry {} ({}): expected {}, found {}", i + 1, w.action,
                                    expected, audit_text(h)));
      }
    }
  }

  void score(const ScoreExpect& w) {
    auto rows = store_.scores(w.dimension, w.day, w.day);
    if (!ok(rows, "reading scores")) return;
    auto row = std::find_if(rows->begin(), rows->end(),
                            [&](const store::ScoreRow& r) { return r.key == w.key; });
    if (row == rows->end()) {
      report_(w.line, fmt::format("scores: no {} row '{}' on {} ({} rows that day)", w.dimension,
                                  w.key, w.day, rows->size()));
      return;
    }
    std::string found = fmt::format(
        "found score {:.2f}, evaluated {}, violations {}, compliant {}, "
        "exempted {}, unknown {}",
        row->score, row->evaluated, row->violations, row->compliant, row->exempted, row->unknown);
    if (w.score && std::fabs(*w.score - row->score) > 0.01)
      report_(w.line, fmt::format("scores {} '{}' {}: expected score {:.2f}; {}", w.dimension,
                                  w.key, w.day, *w.score, found));
    for (const CountExpect& c : w.counts) {
      uint64_t value = score_count(*row, c.name).value_or(0);
      if (value != c.value)
        report_(c.line, fmt::format("scores {} '{}' {}: expected {} {}; {}", w.dimension, w.key,
                                    w.day, c.name, c.value, found));
    }
  }

  store::Store& store_;
  const RunState& state_;
  const Report& report_;
  int line_ = 0;
};

}  // namespace

void check(const Expect& expect, int line, store::Store& store, const RunState& state,
           const Report& report) {
  // Reported in the order of the file's lines, whatever order they are checked in.
  std::vector<std::pair<int, std::string>> failures;
  Report collect = [&](int at, const std::string& message) { failures.emplace_back(at, message); };
  Checker(store, state, collect).run(expect, line);
  std::stable_sort(failures.begin(), failures.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [at, message] : failures) report(at, message);
}

}  // namespace vigil::tracker::scenario
