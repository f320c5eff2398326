// A tracker scenario, as read from a file of tests/tracker/scenarios/ (see
// the README there): the policies and asset templates it uses, then steps in
// time order (scans, exception grants and revokes, group definitions) and
// `expect` blocks checked against the store at that point.
//
// Contract
// - Everything is resolved when the file is read: templates are applied to
//   assets, times ("day 2 +6h", RFC 3339, dates) are instants, every step
//   carries the clock time it runs at (never decreasing), policy documents
//   are checked to compile. The runner only executes.
// - Every step and every expected value keeps the 1-based line it was
//   written on, so a failure names file:line of the expectation.
// - An expected field that is absent is not checked; lists written in an
//   expectation (events, warnings, audit, assets, group members, listings)
//   are compared whole.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace vigil::tracker::scenario {

// A value and the line (1-based) it was written on.
template <typename T>
struct At {
  T value{};
  int line = 0;
};

// A policy of the scenario: its id, its document as YAML text (JSON form)
// for PolicySet::load_text, and where it was written.
struct PolicyDoc {
  std::string id;
  std::string text;
  int line = 0;
};

// One (account, region, type) scope: collected by a scan, or expected on a
// scan's row. Absent fields are not set (input) or not checked (expected).
struct ScopeSpec {
  store::ScopeKey key;
  std::optional<bool> ok;
  std::optional<std::string> error;
  std::optional<uint64_t> assets;
  int line = 0;
};

struct ScanStep {
  std::vector<nlohmann::json> assets;  // complete asset objects, templates applied
  // The scopes the source listed. Absent: those of the assets themselves
  // (Coverage::of_assets, as an inventory file loads); placeholders failed.
  std::optional<std::vector<ScopeSpec>> collected;
  std::optional<std::vector<std::string>> policies;  // ids of the scenario's; absent: all
  bool whole_policy_set = true;                      // `policy_set: subset` makes it false
  std::set<std::string> disable;                     // vigil.yaml policies.disable
  std::map<std::string, std::string> severity;       // vigil.yaml policies.severity
  std::string source = "cli";                        // RecordRequest::source
  std::vector<std::string> sources;                  // RecordRequest::sources
};

struct GrantStep {
  std::string name;                  // how the scenario refers to the exception
  store::ExceptionRecord exception;  // id unset
  std::string actor = "alice";
  std::optional<At<std::string>> fails_with;  // the grant must be refused, message containing it
};

struct RevokeStep {
  std::string exception;  // a granted exception's name
  std::string actor = "bob";
  std::string reason = "revoked";
  std::optional<At<std::string>> fails_with;
};

struct GroupStep {
  store::GroupRecord group;
  std::string actor = "alice";
};

// A count by name (summary, scan row, score row, revoke, totals).
struct CountExpect {
  std::string name;
  uint64_t value = 0;
  int line = 0;
};

struct EventExpect {
  std::string reason;
  std::optional<store::ViolationStatus> from, to;
  std::optional<store::Time> at;
  std::optional<int> scan;  // ordinal of the scenario's scan step; 0: outside a scan
  std::optional<std::string> message;
  int line = 0;
};

struct ViolationExpect {
  std::string policy, asset;
  int line = 0;
  bool absent = false;  // written `none`: no violation row at all
  std::optional<At<store::ViolationStatus>> state;
  std::optional<At<std::string>> reason;  // close reason
  std::optional<At<std::string>> message, message_contains, severity, category;
  std::optional<At<store::Time>> first_seen;
  std::optional<At<std::string>> exception;  // a granted exception's name, or "none"
  std::optional<At<std::vector<EventExpect>>> events;
};

struct ScanRowExpect {
  std::optional<At<store::ScanState>> state;
  std::vector<CountExpect> counts;  // assets, evaluations, violations, compliant, unknown, exempted
  std::optional<At<std::vector<ScopeSpec>>> scopes;
};

struct AssetExpect {
  std::string id;
  std::optional<bool> deleted;
  std::optional<std::string> owner;
  int line = 0;
};

struct AuditExpect {
  std::string action;
  std::optional<std::string> actor, object,
      exception;  // exception: a name, object "exception:<id>"
  std::optional<store::Time> at;
  std::optional<nlohmann::json> details;  // the entry's details must contain these
  int line = 0;
};

struct ScoreExpect {
  std::string day;  // "2026-11-26"
  std::string dimension = "overall", key;
  std::optional<double> score;  // within 0.01
  std::vector<CountExpect> counts;
  int line = 0;
};

// The violations a store listing returns for a filter, as "policy on asset".
struct ListedExpect {
  std::string filter_text;
  store::ViolationFilter filter;
  std::vector<std::string> violations;
  int line = 0;
};

struct Expect {
  std::vector<CountExpect> summary;                      // the last scan's RecordSummary
  std::optional<At<std::vector<std::string>>> warnings;  // each found warning contains its text
  std::optional<ScanRowExpect> scan;                     // the last scan's stored row
  std::vector<ViolationExpect> violations;
  std::vector<ListedExpect> listed;
  std::vector<CountExpect> totals;                     // stored violations by state
  std::optional<At<std::vector<AssetExpect>>> assets;  // every stored asset head
  std::vector<std::pair<std::string, At<std::vector<std::string>>>> groups;  // members
  std::optional<At<std::vector<AuditExpect>>> audit;  // the whole audit log, oldest first
  std::vector<ScoreExpect> scores;
  std::vector<CountExpect> revoked;  // the last revoke's RevokeSummary
};

struct Step {
  int line = 0;
  store::Time at{};  // the scenario clock when the step runs
  std::variant<ScanStep, GrantStep, RevokeStep, GroupStep, Expect> what;
};

struct Scenario {
  std::string file;     // as given to the reader
  std::string name;     // as written
  int line = 0;         // of `scenario:`
  store::Time start{};  // day 0
  std::vector<PolicyDoc> policies;
  std::vector<Step> steps;
};

}  // namespace vigil::tracker::scenario
