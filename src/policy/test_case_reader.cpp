// Test cases inside policies (`tests:`): name, inline asset (as JSON),
// related assets, typed parameter overrides, `now` and the expectation
// (status, the reason of an unknown, the message or a pattern for it).
#include "policy/test_case_reader.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/suggest.h"
#include "policy/yaml_values.h"

namespace vigil::policy_detail {

namespace {

const std::vector<std::string> kTestKeys = {"name",   "asset",  "related", "params",         "now",
                                            "expect", "reason", "message", "message_matches"};

const Param* find_param(const Policy& p, std::string_view name) {
  for (const auto& param : p.params) {
    if (param.name == name) return &param;
  }
  return nullptr;
}

void read_test_params(YamlContext& c, const YAML::Node& key, const YAML::Node& value,
                      const Policy& p, PolicyTestCase& tc) {
  if (!value.IsMap()) {
    c.error(c.at(value.IsNull() ? key : value),
            "test 'params' must be a map of parameter overrides",
            "write e.g. `params: {max_age: 30d}`");
    return;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    const Param* param = find_param(p, name);
    if (!param) {
      std::vector<std::string> declared;
      for (const auto& d : p.params) declared.push_back(d.name);
      std::string guess = closest(name, declared);
      c.error(c.at(it->first), fmt::format("test overrides undeclared parameter '{}'", name),
              !guess.empty() ? fmt::format("did you mean '{}'?", guess)
                             : "declare it under params: (with type and default) first");
      continue;
    }
    auto v = typed_value(it->second, param->type);
    if (!v.ok()) {
      c.error(SourcePos{c.file(), v.error().line, v.error().column},
              fmt::format("parameter '{}': {}", name, v.error().message),
              fmt::format("give a value of type {}", to_string(param->type)));
      continue;
    }
    tc.params[name] = std::move(v.value());
  }
}

void read_test_asset(YamlContext& c, const YAML::Node& k, const YAML::Node& v, PolicyTestCase& tc) {
  if (!v.IsMap()) {
    c.error(c.at(v.IsNull() ? k : v), "a test 'asset' must be a map (the asset's JSON object)",
            "write the asset inline, e.g. `asset: {config: {...}}`");
    return;
  }
  auto json = yaml_to_json_text(v);
  if (!json.ok()) {
    c.error(SourcePos{c.file(), json.error().line, json.error().column}, json.error().message,
            "assets must be representable as JSON");
    return;
  }
  tc.asset_json = std::move(json.value());
}

void read_related(YamlContext& c, const YAML::Node& k, const YAML::Node& v, PolicyTestCase& tc) {
  if (!v.IsSequence()) {
    c.error(c.at(v.IsNull() ? k : v), "'related' must be a list of assets",
            "write `related:` followed by `- {id: ..., type: ...}` entries");
    return;
  }
  for (const auto& r : v) {
    auto json =
        r.IsMap() ? yaml_to_json_text(r) : Result<std::string>(Error::at_offset("not a map", 0));
    if (!json.ok()) {
      c.error(c.at(r), fmt::format("related asset: {}", json.error().message),
              "write each related asset as a map with at least id and type");
      continue;
    }
    tc.related_json.push_back(std::move(json.value()));
  }
}

void read_test_now(YamlContext& c, const YAML::Node& k, const YAML::Node& v, PolicyTestCase& tc) {
  std::string now;
  if (!c.read_string(k, v, now, false)) return;
  if (!parse_rfc3339(now)) {
    c.error(c.at(v), fmt::format("invalid time '{}'", now),
            "write an RFC 3339 time such as 2026-01-01T00:00:00Z");
  } else {
    tc.now = now;
  }
}

void read_expect(YamlContext& c, const YAML::Node& k, const YAML::Node& v, PolicyTestCase& tc) {
  std::string e;
  if (!c.read_string(k, v, e, false)) return;
  if (e == "violation")
    tc.expect = Expect::Violation;
  else if (e == "compliant")
    tc.expect = Expect::Compliant;
  else if (e == "unknown")
    tc.expect = Expect::Unknown;
  else
    c.error(c.at(v), fmt::format("invalid expect '{}'", e),
            "expect must be one of violation, compliant, unknown");
}

void read_reason(YamlContext& c, const YAML::Node& k, const YAML::Node& v, PolicyTestCase& tc) {
  std::string text;
  if (!c.read_string(k, v, text, false)) return;
  if (auto r = parse_unknown_reason(text))
    tc.reason = *r;
  else
    c.error(c.at(v), fmt::format("invalid reason '{}'", text),
            "reason must be one of unavailable (data not collected), undecidable (the policy "
            "called unknown()), error (evaluation failed)");
}

void read_message_pattern(YamlContext& c, const YAML::Node& k, const YAML::Node& v,
                          PolicyTestCase& tc) {
  std::string pattern;
  if (!c.read_string(k, v, pattern, false)) return;
  RE2 re(pattern, RE2::Quiet);
  if (!re.ok()) {
    c.error(c.at(v), fmt::format("invalid message_matches pattern: {}", re.error()),
            "write an RE2 regular expression (the syntax of CEL's matches())");
    return;
  }
  tc.message_pattern = std::move(pattern);
}

// `reason` belongs to unknown cases; a message to violations and unknowns.
void check_expectation(YamlContext& c, const YAML::Node& item, const PolicyTestCase& tc) {
  if (tc.reason && tc.expect != Expect::Unknown)
    c.error(c.at(item["reason"]), "'reason' applies only to `expect: unknown`",
            "remove it, or expect unknown");
  if ((tc.message || tc.message_pattern) && tc.expect == Expect::Compliant)
    c.error(c.at(item[tc.message ? "message" : "message_matches"]),
            "a compliant finding has no message to check", "remove message/message_matches");
  if (tc.message && tc.message_pattern)
    c.error(c.at(item["message_matches"]), "give either message or message_matches, not both",
            "keep the exact message, or the pattern");
}

// One test case (a map); nothing, with the error, when it lacks name, asset
// or expect.
std::optional<PolicyTestCase> read_test_case(YamlContext& c, const YAML::Node& item,
                                             const Policy& p) {
  PolicyTestCase tc;
  tc.pos = c.at(item);
  bool has_name = false, has_asset = false, has_expect = false;
  for (auto it = item.begin(); it != item.end(); ++it) {
    const YAML::Node k = it->first;   // a copy: `it->` is a temporary proxy
    const YAML::Node v = it->second;  // a copy: `it->` is a temporary proxy
    std::string field = k.IsScalar() ? k.Scalar() : "";
    if (field == "name") {
      has_name = true;
      c.read_string(k, v, tc.name, false);
    } else if (field == "asset") {
      has_asset = true;
      read_test_asset(c, k, v, tc);
    } else if (field == "related") {
      read_related(c, k, v, tc);
    } else if (field == "params") {
      read_test_params(c, k, v, p, tc);
    } else if (field == "now") {
      read_test_now(c, k, v, tc);
    } else if (field == "expect") {
      has_expect = true;
      read_expect(c, k, v, tc);
    } else if (field == "reason") {
      read_reason(c, k, v, tc);
    } else if (field == "message") {
      std::string message;
      if (c.read_string(k, v, message, false)) tc.message = std::move(message);
    } else if (field == "message_matches") {
      read_message_pattern(c, k, v, tc);
    } else {
      c.unknown_key(k, "test case", kTestKeys);
    }
  }
  if (!has_name || !has_asset || !has_expect) {
    std::vector<std::string> missing;
    if (!has_name) missing.push_back("name");
    if (!has_asset) missing.push_back("asset");
    if (!has_expect) missing.push_back("expect");
    c.error(tc.pos, fmt::format("test case is missing {}", join(missing)),
            "every test case needs name, asset and expect");
    return std::nullopt;
  }
  check_expectation(c, item, tc);
  return tc;
}

}  // namespace

void read_tests(YamlContext& c, const YAML::Node& key, const YAML::Node& value, Policy& p) {
  if (!value.IsSequence()) {
    c.error(c.at(value.IsNull() ? key : value), "'tests' must be a list of test cases",
            "write `tests:` followed by `- name: ...` entries");
    return;
  }
  for (const auto& item : value) {
    if (!item.IsMap()) {
      c.error(c.at(item), "a test case must be a map",
              "write `- {name: ..., asset: {...}, expect: violation}`");
      continue;
    }
    if (std::optional<PolicyTestCase> tc = read_test_case(c, item, p))
      p.tests.push_back(std::move(*tc));
  }
}

}  // namespace vigil::policy_detail
