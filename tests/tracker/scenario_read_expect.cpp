// `expect` blocks and scopes of a scenario (scenario_read_parts.h).
#include <fmt/format.h>

#include <functional>
#include <tuple>

#include "scenario_fields.h"
#include "scenario_read_parts.h"

namespace vigil::tracker::scenario {
namespace {

const std::string_view kStates = "open, exempted, closed, unknown";

std::vector<CountExpect> read_counts(NodeReader& r, const YAML::Node& node, std::string_view what,
                                     const std::function<bool(const std::string&)>& known,
                                     const std::string& names) {
  std::vector<CountExpect> out;
  if (!r.is_map(node, what)) return out;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string name = r.text(it->first, what);
    if (!known(name)) {
      r.fail(it->first, fmt::format("{}: unknown count '{}' (known: {})", what, name, names));
      break;
    }
    out.push_back({name, r.count(it->second, name), NodeReader::line(it->second)});
  }
  return out;
}

// "policy on asset".
std::pair<std::string, std::string> read_pair(NodeReader& r, const YAML::Node& node) {
  std::string text = r.text(node, "violation");
  size_t on = text.find(" on ");
  if (on == std::string::npos || on == 0 || on + 4 >= text.size()) {
    r.fail(node, fmt::format("violation '{}': write it as 'POLICY on ASSET'", text));
    return {};
  }
  return {text.substr(0, on), text.substr(on + 4)};
}

class ExpectReader {
 public:
  ExpectReader(NodeReader& r, const ExpectContext& context) : r_(r), c_(context) {}

  Expect read(const YAML::Node& node) {
    Expect e;
    if (node.IsNull() || (node.IsMap() && node.size() == 0)) {
      r_.fail(node, "expect: nothing is expected here");
      return e;
    }
    if (!r_.keys(node, "expect",
                 {"summary", "warnings", "scan", "violations", "listed", "totals", "assets",
                  "groups", "audit", "scores", "revoked"}))
      return e;
    if (YAML::Node n = node["summary"]) {
      after_scan(n, "summary");
      e.summary = read_counts(
          r_, n, "summary", [](const std::string& k) { return summary_count({}, k).has_value(); },
          summary_names());
    }
    if (YAML::Node n = node["warnings"]) {
      after_scan(n, "warnings");
      e.warnings = At<std::vector<std::string>>{list_of(n, "warnings"), NodeReader::line(n)};
    }
    if (YAML::Node n = node["scan"]) e.scan = scan_row(n);
    if (YAML::Node n = node["violations"]; n && r_.is_map(n, "violations"))
      for (auto it = n.begin(); it != n.end(); ++it)
        e.violations.push_back(violation(it->first, it->second));
    if (YAML::Node n = node["listed"]; n && r_.is_map(n, "listed"))
      for (auto it = n.begin(); it != n.end(); ++it)
        e.listed.push_back(listed(it->first, it->second));
    if (YAML::Node n = node["totals"])
      e.totals = read_counts(
          r_, n, "totals",
          [](const std::string& k) { return store::violation_status_from(k).has_value(); },
          std::string(kStates));
    if (YAML::Node n = node["assets"]) e.assets = assets(n);
    if (YAML::Node n = node["groups"]; n && r_.is_map(n, "groups"))
      for (auto it = n.begin(); it != n.end(); ++it)
        e.groups.emplace_back(r_.text(it->first, "group"),
                              At<std::vector<std::string>>{list_of(it->second, "members"),
                                                           NodeReader::line(it->second)});
    if (YAML::Node n = node["audit"]) e.audit = audit(n);
    if (YAML::Node n = node["scores"]) e.scores = scores(n);
    if (YAML::Node n = node["revoked"]) {
      if (!c_.revoked) r_.fail(n, "revoked: no revoke step before this expect block");
      e.revoked = read_counts(
          r_, n, "revoked", [](const std::string& k) { return revoke_count({}, k).has_value(); },
          revoke_names());
    }
    return e;
  }

 private:
  void after_scan(const YAML::Node& node, std::string_view what) {
    if (c_.scans == 0)
      r_.fail(node, fmt::format("{}: no scan step before this expect block", what));
  }

  std::vector<std::string> list_of(const YAML::Node& node, std::string_view what) {
    if (!node.IsSequence()) {
      r_.fail(node, fmt::format("{}: expected a list ([] for none)", what));
      return {};
    }
    return r_.texts(node, what);
  }

  std::string exception_name(const YAML::Node& node) {
    std::string name = r_.text(node, "exception");
    if (r_.ok() && name != "none" && !c_.exceptions.contains(name))
      r_.fail(node, fmt::format("exception: no exception named '{}' was granted before", name));
    return name;
  }

  ScanRowExpect scan_row(const YAML::Node& node) {
    ScanRowExpect s;
    after_scan(node, "scan");
    if (!r_.is_map(node, "scan")) return s;
    for (auto it = node.begin(); it != node.end() && r_.ok(); ++it) {
      std::string key = r_.text(it->first, "scan");
      if (key == "state") {
        std::string state = r_.text(it->second, "state");
        for (auto st : {store::ScanState::Running, store::ScanState::Completed,
                        store::ScanState::Failed, store::ScanState::Interrupted})
          if (store::to_string(st) == state)
            s.state = At<store::ScanState>{st, NodeReader::line(it->second)};
        if (!s.state) r_.fail(it->second, "state: running, completed, failed or interrupted");
      } else if (key == "scopes") {
        std::vector<ScopeSpec> scopes;
        if (r_.is_map(it->second, "scopes"))
          for (auto sc = it->second.begin(); sc != it->second.end(); ++sc)
            scopes.push_back(read_scope(r_, sc->first, sc->second));
        s.scopes = At<std::vector<ScopeSpec>>{std::move(scopes), NodeReader::line(it->second)};
      } else if (scan_count({}, key)) {
        s.counts.push_back({key, r_.count(it->second, key), NodeReader::line(it->second)});
      } else {
        r_.fail(it->first, fmt::format("scan: unknown key '{}' (known: state, scopes, {})", key,
                                       scan_names()));
      }
    }
    return s;
  }

  EventExpect event(const YAML::Node& node) {
    EventExpect e;
    e.line = NodeReader::line(node);
    if (node.IsScalar()) {
      e.reason = node.Scalar();
      return e;
    }
    if (!r_.keys(node, "event", {"reason", "from", "to", "at", "scan", "message"})) return e;
    if (YAML::Node n = node["reason"])
      e.reason = r_.text(n, "reason");
    else
      r_.fail(node, "event: reason is required");
    if (YAML::Node n = node["from"]) e.from = r_.status(n, "from");
    if (YAML::Node n = node["to"]) e.to = r_.status(n, "to");
    if (YAML::Node n = node["at"]) e.at = r_.when(n, c_.start, "at");
    if (YAML::Node n = node["message"]) e.message = r_.text(n, "message");
    if (YAML::Node n = node["scan"]) {
      if (n.IsScalar() && n.Scalar() == "none") {
        e.scan = 0;
      } else {
        e.scan = static_cast<int>(r_.count(n, "scan"));
        if (r_.ok() && (*e.scan < 1 || *e.scan > c_.scans))
          r_.fail(n, fmt::format("scan: {} is not one of the {} scans before (1..{}), or none",
                                 *e.scan, c_.scans, c_.scans));
      }
    }
    return e;
  }

  ViolationExpect violation(const YAML::Node& key, const YAML::Node& node) {
    ViolationExpect v;
    std::tie(v.policy, v.asset) = read_pair(r_, key);
    v.line = NodeReader::line(key);
    auto line = [](const YAML::Node& n) { return NodeReader::line(n); };
    if (node.IsScalar()) {
      if (node.Scalar() == "none")
        v.absent = true;
      else
        v.state = At<store::ViolationStatus>{r_.status(node, "state"), line(node)};
      return v;
    }
    if (!r_.keys(node, "violation",
                 {"state", "reason", "message", "message_contains", "severity", "category",
                  "first_seen", "exception", "events"}))
      return v;
    auto text = [&](const char* k, std::optional<At<std::string>>& out) {
      if (YAML::Node n = node[k]) out = At<std::string>{r_.text(n, k), line(n)};
    };
    if (YAML::Node n = node["state"])
      v.state = At<store::ViolationStatus>{r_.status(n, "state"), line(n)};
    text("reason", v.reason);
    text("message", v.message);
    text("message_contains", v.message_contains);
    text("severity", v.severity);
    text("category", v.category);
    if (YAML::Node n = node["first_seen"])
      v.first_seen = At<store::Time>{r_.when(n, c_.start, "first_seen"), line(n)};
    if (YAML::Node n = node["exception"]) v.exception = At<std::string>{exception_name(n), line(n)};
    if (YAML::Node n = node["events"]) {
      std::vector<EventExpect> events;
      if (!n.IsSequence())
        r_.fail(n, "events: expected a list, oldest first");
      else
        for (const YAML::Node& item : n) events.push_back(event(item));
      v.events = At<std::vector<EventExpect>>{std::move(events), line(n)};
    }
    return v;
  }

  ListedExpect listed(const YAML::Node& key, const YAML::Node& node) {
    ListedExpect l;
    l.filter_text = r_.text(key, "listed");
    l.line = NodeReader::line(key);
    for (const std::string& pair : list_of(node, "listed")) {
      l.violations.push_back(pair);
      if (pair.find(" on ") == std::string::npos)
        r_.fail(node, fmt::format("listed: '{}': write it as 'POLICY on ASSET'", pair));
    }
    if (l.filter_text == "all") return l;
    std::string_view rest = l.filter_text;
    while (!rest.empty() && r_.ok()) {
      size_t comma = rest.find(',');
      std::string_view part = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      while (part.starts_with(' ')) part.remove_prefix(1);
      size_t space = part.find(' ');
      std::string field(part.substr(0, space));
      std::string value(space == std::string_view::npos ? "" : part.substr(space + 1));
      store::ViolationFilter& f = l.filter;
      if (value.empty()) {
        r_.fail(key, fmt::format("listed: '{}': write 'all' or FIELD VALUE[, FIELD VALUE] "
                                 "(status, policy, account, region, type, severity, category, "
                                 "group)",
                                 l.filter_text));
      } else if (field == "status") {
        if (auto s = store::violation_status_from(value))
          f.statuses.push_back(*s);
        else
          r_.fail(key, fmt::format("listed: '{}' is not a state ({})", value, kStates));
      } else if (field == "policy")
        f.policy_id = value;
      else if (field == "account")
        f.account = value;
      else if (field == "region")
        f.region = value;
      else if (field == "type")
        f.type = value;
      else if (field == "severity")
        f.severity = value;
      else if (field == "category")
        f.category = value;
      else if (field == "group")
        f.group = value;
      else
        r_.fail(key, fmt::format("listed: unknown filter '{}' (status, policy, account, region, "
                                 "type, severity, category, group)",
                                 field));
    }
    return l;
  }

  At<std::vector<AssetExpect>> assets(const YAML::Node& node) {
    At<std::vector<AssetExpect>> out{{}, NodeReader::line(node)};
    if (!r_.is_map(node, "assets")) return out;
    for (auto it = node.begin(); it != node.end(); ++it) {
      AssetExpect a;
      a.id = r_.text(it->first, "asset");
      a.line = NodeReader::line(it->first);
      const YAML::Node& v = it->second;
      if (v.IsScalar() && (v.Scalar() == "present" || v.Scalar() == "deleted")) {
        a.deleted = v.Scalar() == "deleted";
      } else if (r_.keys(v, "asset", {"deleted", "owner"})) {
        if (YAML::Node d = v["deleted"]) a.deleted = r_.boolean(d, "deleted");
        if (YAML::Node o = v["owner"]) a.owner = r_.text(o, "owner");
      }
      out.value.push_back(std::move(a));
    }
    return out;
  }

  At<std::vector<AuditExpect>> audit(const YAML::Node& node) {
    At<std::vector<AuditExpect>> out{{}, NodeReader::line(node)};
    if (!node.IsSequence()) {
      r_.fail(node, "audit: expected the list of entries, oldest first ([] for none)");
      return out;
    }
    for (const YAML::Node& item : node) {
      AuditExpect a;
      a.line = NodeReader::line(item);
      if (item.IsScalar()) {
        a.action = item.Scalar();
      } else if (r_.keys(item, "audit entry",
                         {"action", "actor", "object", "exception", "at", "details"})) {
        if (YAML::Node n = item["action"])
          a.action = r_.text(n, "action");
        else
          r_.fail(item, "audit entry: action is required");
        if (YAML::Node n = item["actor"]) a.actor = r_.text(n, "actor");
        if (YAML::Node n = item["object"]) a.object = r_.text(n, "object");
        if (YAML::Node n = item["exception"]) a.exception = exception_name(n);
        if (YAML::Node n = item["at"]) a.at = r_.when(n, c_.start, "at");
        if (YAML::Node n = item["details"]) a.details = r_.json(n, "details");
      }
      out.value.push_back(std::move(a));
    }
    return out;
  }

  std::vector<ScoreExpect> scores(const YAML::Node& node) {
    std::vector<ScoreExpect> out;
    if (!node.IsSequence()) {
      r_.fail(node, "scores: expected a list of score rows");
      return out;
    }
    for (const YAML::Node& item : node) {
      ScoreExpect s;
      s.line = NodeReader::line(item);
      s.day = day_of(c_.now);
      if (!r_.is_map(item, "score row")) break;
      for (auto it = item.begin(); it != item.end() && r_.ok(); ++it) {
        std::string key = r_.text(it->first, "score row");
        if (key == "day")
          s.day = day_of(r_.when(it->second, c_.start, "day"));
        else if (key == "dimension")
          s.dimension = r_.text(it->second, key);
        else if (key == "key")
          s.key = r_.text(it->second, key);
        else if (key == "score")
          s.score = r_.number(it->second, key);
        else if (score_count({}, key))
          s.counts.push_back({key, r_.count(it->second, key), NodeReader::line(it->second)});
        else
          r_.fail(it->first, fmt::format("score row: unknown key '{}' (known: day, dimension, key, "
                                         "score, {})",
                                         key, score_names()));
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  NodeReader& r_;
  const ExpectContext& c_;
};

}  // namespace

ScopeSpec read_scope(NodeReader& r, const YAML::Node& key, const YAML::Node& value) {
  ScopeSpec s;
  s.line = NodeReader::line(key);
  std::string text = r.text(key, "scope");
  size_t a = text.find('/'), b = a == std::string::npos ? a : text.find('/', a + 1);
  if (b == std::string::npos || a == 0 || b == a + 1 || b + 1 >= text.size()) {
    r.fail(key, fmt::format("scope '{}': write it as ACCOUNT/REGION/TYPE", text));
    return s;
  }
  s.key = store::ScopeKey{text.substr(0, a), text.substr(a + 1, b - a - 1), text.substr(b + 1)};
  if (value.IsScalar() && (value.Scalar() == "ok" || value.Scalar() == "failed")) {
    s.ok = value.Scalar() == "ok";
    return s;
  }
  if (!r.keys(value, "scope", {"ok", "error", "assets"})) return s;
  if (YAML::Node n = value["error"]) {
    s.error = r.text(n, "error");
    s.ok = false;
  }
  if (YAML::Node n = value["ok"]) s.ok = r.boolean(n, "ok");
  if (YAML::Node n = value["assets"]) s.assets = r.count(n, "assets");
  return s;
}

Expect read_expect(NodeReader& r, const YAML::Node& node, const ExpectContext& context) {
  return ExpectReader(r, context).read(node);
}

}  // namespace vigil::tracker::scenario
