// See scenario_reader.h. Steps are read here, expect blocks in
// scenario_read_expect.cpp.
#include "scenario_reader.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "inventory/asset.h"
#include "policy/policy.h"
#include "policy/policy_set.h"
#include "scenario_read_parts.h"
#include "yaml/load.h"

namespace vigil::tracker::scenario {
namespace {

// 2026-11-26T00:00:00Z, day 0 of the tracker fixtures.
const store::Time kDefaultStart = store::Time{} + std::chrono::seconds(1795651200);

// What a file's first document gives every scenario of the file.
struct Shared {
  std::vector<PolicyDoc> policies;
  std::map<std::string, nlohmann::json> templates;
  store::Time start = kDefaultStart;
};

std::vector<PolicyDoc> read_policies(NodeReader& r, const YAML::Node& node) {
  std::vector<PolicyDoc> out;
  if (!node.IsSequence()) {
    r.fail(node, "policies: expected a list of policies (- id: ..., condition: ...)");
    return out;
  }
  for (const YAML::Node& item : node) {
    nlohmann::json policy = r.json(item, "policy");
    if (!r.ok()) return out;
    if (!policy.is_object() || !policy.contains("id") || !policy["id"].is_string()) {
      r.fail(item, "policy: expected a map with an id, as in a policy file");
      return out;
    }
    PolicyDoc doc{policy["id"].get<std::string>(), policy.dump(), NodeReader::line(item)};
    for (const PolicyDoc& other : out)
      if (other.id == doc.id) r.fail(item, fmt::format("policy '{}' is defined twice", doc.id));
    auto loaded = PolicySet::load_text(doc.text, r.file());
    for (const Diagnostic& d : loaded.diagnostics)
      r.fail(item, fmt::format("policy '{}': {}{}", doc.id, d.message,
                               d.hint.empty() ? "" : " (" + d.hint + ")"));
    out.push_back(std::move(doc));
  }
  return out;
}

void read_templates(NodeReader& r, const YAML::Node& node,
                    std::map<std::string, nlohmann::json>& templates) {
  if (!r.is_map(node, "templates")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string name = r.text(it->first, "template name");
    nlohmann::json body = r.json(it->second, "template '" + name + "'");
    if (r.ok() && !body.is_object())
      r.fail(it->second, fmt::format("template '{}': expected a map (an asset's fields)", name));
    templates[name] = std::move(body);
  }
}

// Reads the shared keys (policies, templates, start) of a document.
void read_settings(NodeReader& r, const YAML::Node& doc, Shared& settings) {
  if (YAML::Node p = doc["policies"]) settings.policies = read_policies(r, p);
  if (YAML::Node t = doc["templates"]) read_templates(r, t, settings.templates);
  if (YAML::Node s = doc["start"]) settings.start = r.when(s, kDefaultStart, "start");
}

// The steps of one scenario, with the clock and what later steps may name.
class StepReader {
 public:
  StepReader(NodeReader& r, const Shared& settings) : r_(r), settings_(settings) {
    context_.start = context_.now = settings.start;
  }

  std::vector<Step> read(const YAML::Node& steps) {
    std::vector<Step> out;
    if (!steps.IsSequence() || steps.size() == 0) {
      r_.fail(steps, "steps: expected a list of steps (- scan: ..., - expect: ...)");
      return out;
    }
    for (const YAML::Node& node : steps) {
      if (!r_.ok()) break;
      if (!node.IsMap() || node.size() != 1) {
        r_.fail(node, "a step is one of: scan, grant, revoke, group, advance, expect");
        break;
      }
      std::string kind = node.begin()->first.Scalar();
      const YAML::Node body = node.begin()->second;
      Step step;
      step.line = NodeReader::line(node);
      if (kind == "advance") {
        advance(body);
        continue;
      }
      step.at = context_.now;
      if (kind == "scan") {
        step.what = scan(body);
        ++context_.scans;
      } else if (kind == "grant") {
        step.what = grant(body);
      } else if (kind == "revoke") {
        step.what = revoke(body);
        context_.revoked = true;
      } else if (kind == "group") {
        step.what = group(body);
      } else if (kind == "expect") {
        step.what = read_expect(r_, body, context_);
      } else {
        r_.fail(node.begin()->first,
                fmt::format("unknown step '{}' (known: scan, grant, revoke, group, advance, "
                            "expect)",
                            kind));
      }
      out.push_back(std::move(step));
    }
    return out;
  }

 private:
  void advance(const YAML::Node& node) {
    std::string text = r_.text(node, "advance");
    if (text.starts_with("to ")) {
      store::Time to = context_.now;
      if (std::optional<store::Time> t = parse_when(text.substr(3), context_.start))
        to = *t;
      else
        r_.fail(node, fmt::format("advance: '{}' is not a time (day N, day N +6h, RFC 3339, "
                                  "a date)",
                                  text.substr(3)));
      if (to < context_.now)
        r_.fail(node,
                fmt::format("advance: {} is before the clock, {}", format_when(to, context_.start),
                            format_when(context_.now, context_.start)));
      context_.now = to;
      return;
    }
    std::optional<std::chrono::seconds> span = parse_span(text);
    if (!span) {
      r_.fail(node,
              fmt::format("advance: '{}' is neither a span (1d, 6h, 1d 6h) nor 'to TIME'", text));
      return;
    }
    context_.now += *span;
  }

  nlohmann::json asset(const YAML::Node& node) {
    nlohmann::json out;
    if (node.IsMap() && node.size() == 1 && node.begin()->first.Scalar() != "id") {
      std::string name = node.begin()->first.Scalar();
      auto t = settings_.templates.find(name);
      if (t == settings_.templates.end()) {
        std::string known;
        for (const auto& [n, _] : settings_.templates) known += (known.empty() ? "" : ", ") + n;
        r_.fail(node, fmt::format("asset: '{}' is not a template (templates: {}); an asset "
                                  "is a map with an id, or TEMPLATE: {{changes}}",
                                  name, known.empty() ? "none" : known));
        return out;
      }
      out = t->second;
      nlohmann::json changes = r_.json(node.begin()->second, "asset");
      if (!changes.is_null() && !changes.is_object())
        r_.fail(node, fmt::format("asset: the changes to template '{}' must be a map", name));
      out.merge_patch(changes);
    } else {
      out = r_.json(node, "asset");
    }
    if (!r_.ok()) return out;
    if (!out.is_object() || !out.contains("id")) {
      r_.fail(node, "asset: expected a map with an id, or TEMPLATE: {changes}");
      return out;
    }
    Result<Asset> parsed = Asset::parse(out.dump());
    if (!parsed.ok()) r_.fail(node, "asset: " + parsed.error().message);
    return out;
  }

  void known_policy(const YAML::Node& node, const std::string& id, std::string_view what) {
    for (const PolicyDoc& p : settings_.policies)
      if (p.id == id) return;
    r_.fail(node, fmt::format("{}: '{}' is not one of the scenario's policies", what, id));
  }

  ScanStep scan(const YAML::Node& node) {
    ScanStep s;
    if (node.IsNull()) return s;
    if (!r_.keys(node, "scan",
                 {"assets", "collected", "policies", "policy_set", "disable", "severity", "source",
                  "sources"}))
      return s;
    if (YAML::Node assets = node["assets"]) {
      if (!assets.IsSequence())
        r_.fail(assets, "assets: expected a list");
      else
        for (const YAML::Node& a : assets) s.assets.push_back(asset(a));
    }
    if (YAML::Node collected = node["collected"]) {
      s.collected.emplace();
      if (r_.is_map(collected, "collected"))
        for (auto it = collected.begin(); it != collected.end(); ++it)
          s.collected->push_back(read_scope(r_, it->first, it->second));
    }
    if (YAML::Node policies = node["policies"]) {
      s.policies = r_.texts(policies, "policies");
      for (const std::string& id : *s.policies) known_policy(policies, id, "policies");
    }
    if (YAML::Node set = node["policy_set"]) {
      std::string value = r_.text(set, "policy_set");
      if (value != "whole" && value != "subset")
        r_.fail(set,
                "policy_set: 'whole' (the deployment's policies) or 'subset' (an ad-hoc "
                "selection)");
      s.whole_policy_set = value != "subset";
    }
    if (YAML::Node disable = node["disable"])
      for (const std::string& id : r_.texts(disable, "disable")) {
        known_policy(disable, id, "disable");
        s.disable.insert(id);
      }
    if (YAML::Node severity = node["severity"]; severity && r_.is_map(severity, "severity"))
      for (auto it = severity.begin(); it != severity.end(); ++it) {
        std::string id = r_.text(it->first, "severity");
        known_policy(it->first, id, "severity");
        std::string level = r_.text(it->second, "severity");
        if (!parse_severity(level))
          r_.fail(it->second, fmt::format("severity: '{}' is not a severity (critical, high, "
                                          "medium, low, info)",
                                          level));
        s.severity[id] = level;
      }
    if (YAML::Node source = node["source"]) s.source = r_.text(source, "source");
    if (YAML::Node sources = node["sources"]) s.sources = r_.texts(sources, "sources");
    return s;
  }

  GrantStep grant(const YAML::Node& node) {
    GrantStep g;
    if (!r_.keys(
            node, "grant",
            {"name", "policy", "asset", "policies", "category", "severity", "group", "condition",
             "expires", "reason", "requested_by", "granted_by", "ticket", "by", "fails_with"}))
      return g;
    store::ExceptionRecord& e = g.exception;
    auto text = [&](const char* key, std::string& out) {
      if (YAML::Node v = node[key]) out = r_.text(v, key);
    };
    text("name", g.name);
    text("policy", e.policy_id);
    text("asset", e.asset_id);
    if (YAML::Node p = node["policies"]) e.policy_ids = r_.texts(p, "policies");
    text("category", e.category);
    text("severity", e.severity);
    text("group", e.group);
    text("condition", e.condition);
    e.reason = "accepted";
    text("reason", e.reason);
    text("requested_by", e.requested_by);
    e.granted_by = "ciso";
    text("granted_by", e.granted_by);
    text("ticket", e.ticket);
    text("by", g.actor);
    e.sticky = !e.policy_ids.empty() || !e.category.empty() || !e.severity.empty() ||
               !e.group.empty() || !e.condition.empty();
    if (e.sticky && (!e.policy_id.empty() || !e.asset_id.empty()))
      r_.fail(node,
              "grant: per resource (policy, asset) or sticky (policies, category, "
              "severity; group, condition), not both");
    if (YAML::Node expires = node["expires"])
      e.expires = r_.when(expires, context_.start, "expires");
    else
      r_.fail(node, "grant: expires is required (a time: day 30, 2026-12-26, ...)");
    if (YAML::Node f = node["fails_with"])
      g.fails_with = At<std::string>{r_.text(f, "fails_with"), NodeReader::line(f)};
    if (g.name.empty() && !g.fails_with)
      r_.fail(node, "grant: a name is required (expectations refer to the exception by it)");
    if (!g.name.empty() && !g.fails_with && !context_.exceptions.insert(g.name).second)
      r_.fail(node["name"], fmt::format("grant: the name '{}' is already taken", g.name));
    return g;
  }

  RevokeStep revoke(const YAML::Node& node) {
    RevokeStep v;
    if (!r_.keys(node, "revoke", {"exception", "by", "reason", "fails_with"})) return v;
    if (YAML::Node e = node["exception"]) {
      v.exception = r_.text(e, "exception");
      if (r_.ok() && !context_.exceptions.contains(v.exception))
        r_.fail(e, fmt::format("revoke: no exception named '{}' was granted before", v.exception));
    } else {
      r_.fail(node, "revoke: exception (the name given at its grant) is required");
    }
    if (YAML::Node b = node["by"]) v.actor = r_.text(b, "by");
    if (YAML::Node why = node["reason"]) v.reason = r_.text(why, "reason");
    if (YAML::Node f = node["fails_with"])
      v.fails_with = At<std::string>{r_.text(f, "fails_with"), NodeReader::line(f)};
    return v;
  }

  GroupStep group(const YAML::Node& node) {
    GroupStep g;
    if (!r_.keys(
            node, "group",
            {"name", "description", "accounts", "regions", "types", "tags", "condition", "by"}))
      return g;
    g.group.origin = "cli";
    g.group.criteria = nlohmann::json::object();
    if (YAML::Node n = node["name"])
      g.group.name = r_.text(n, "name");
    else
      r_.fail(node, "group: name is required");
    if (YAML::Node d = node["description"]) g.group.description = r_.text(d, "description");
    if (YAML::Node b = node["by"]) g.actor = r_.text(b, "by");
    for (const char* key : {"accounts", "regions", "types", "tags", "condition"})
      if (YAML::Node v = node[key]) g.group.criteria[key] = r_.json(v, key);
    return g;
  }

  NodeReader& r_;
  const Shared& settings_;
  ExpectContext context_;
};

Scenario read_scenario(NodeReader& r, const YAML::Node& doc, Shared settings) {
  Scenario s;
  s.file = r.file();
  s.line = NodeReader::line(doc);
  if (!r.keys(doc, "scenario", {"scenario", "policies", "templates", "start", "steps"})) return s;
  s.name = r.text(doc["scenario"], "scenario");
  if (r.ok() && s.name.empty()) r.fail(doc, "scenario: a name is required");
  read_settings(r, doc, settings);
  s.start = settings.start;
  s.policies = settings.policies;
  if (!r.ok()) return s;
  if (YAML::Node steps = doc["steps"])
    s.steps = StepReader(r, settings).read(steps);
  else
    r.fail(doc, "scenario: steps are required");
  return s;
}

}  // namespace

Result<std::vector<Scenario>> read_scenario_text(std::string_view text, const std::string& file) {
  yaml::YamlDocuments docs = yaml::load_all(text);
  if (docs.problem)
    return Error(docs.problem->message + " (" + docs.problem->hint + ")", file, docs.problem->line,
                 docs.problem->column);
  NodeReader r(file);
  Shared shared;
  std::vector<Scenario> out;
  bool first = true;
  for (const YAML::Node& doc : docs.documents) {
    if (doc.IsNull()) continue;
    if (!r.is_map(doc, "document")) break;
    if (!doc["scenario"]) {
      if (doc["steps"])
        r.fail(doc,
               "a scenario needs a name: `scenario: NAME` (a document without one holds "
               "only the shared settings: policies, templates, start)");
      else if (!first)
        r.fail(doc,
               "only the first document may hold shared settings; this one needs "
               "`scenario: NAME`");
      else if (r.keys(doc, "shared settings", {"policies", "templates", "start"}))
        read_settings(r, doc, shared);
    } else {
      out.push_back(read_scenario(r, doc, shared));
      for (size_t i = 0; i + 1 < out.size() && r.ok(); ++i)
        if (out[i].name == out.back().name)
          r.fail(doc, fmt::format("scenario '{}' is defined twice", out.back().name));
    }
    first = false;
    if (!r.ok()) break;
  }
  if (!r.ok()) return *r.error();
  if (out.empty()) return Error("no scenario in the file (a document with `scenario: NAME`)", file);
  return out;
}

Result<std::vector<Scenario>> read_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("cannot read the file", path);
  std::stringstream text;
  text << in.rdbuf();
  return read_scenario_text(text.str(), path);
}

}  // namespace vigil::tracker::scenario
