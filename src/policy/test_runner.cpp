// Runs the `tests:` cases of policies, each against its own small inventory.
#include "policy/test_runner.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <nlohmann/json.hpp>

#include "policy/evaluate_detail.h"
#include "policy/policy_compiler.h"
#include "policy/yaml_values.h"

namespace vigil {

namespace {

constexpr std::string_view kDefaultNow = "2026-01-01T00:00:00Z";

FindingStatus expect_status(Expect e) {
  switch (e) {
    case Expect::Violation:
      return FindingStatus::Violation;
    case Expect::Compliant:
      return FindingStatus::Compliant;
    case Expect::Unknown:
      return FindingStatus::Unknown;
  }
  return FindingStatus::Unknown;
}

std::string expectation_text(const PolicyTestCase& tc) {
  std::string text(to_string(expect_status(tc.expect)));
  if (tc.expect == Expect::Unknown)
    text +=
        tc.reason ? fmt::format(" ({})", to_string(*tc.reason)) : " (unavailable or undecidable)";
  return text;
}

// Empty when `actual` meets the case's expectation, else what differs.
std::string compare(const PolicyTestCase& tc, const Evaluation& actual) {
  bool status_ok = actual.status == expect_status(tc.expect);
  bool reason_ok =
      !status_ok || tc.expect != Expect::Unknown ||
      (tc.reason ? actual.reason == *tc.reason : actual.reason != UnknownReason::Error);
  if (!status_ok || !reason_ok) {
    std::string got(to_string(actual.status));
    if (actual.status == FindingStatus::Unknown)
      got += fmt::format(" ({})", to_string(actual.reason));
    std::string text = fmt::format("expected {}, got {}", expectation_text(tc), got);
    if (!actual.message.empty()) text += ": " + actual.message;
    return text;
  }
  if (tc.message && actual.message != *tc.message)
    return fmt::format("expected the message '{}', got '{}'", *tc.message, actual.message);
  if (tc.message_pattern && !RE2::PartialMatch(actual.message, RE2(*tc.message_pattern)))
    return fmt::format("expected a message matching /{}/, got '{}'", *tc.message_pattern,
                       actual.message);
  return "";
}

// Parses an asset's JSON text after filling the defaults a test may omit.
Result<Asset> make_asset(const std::string& json_text, const nlohmann::json& defaults,
                         std::string_view what) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error::at_offset(fmt::format("{} is not a JSON object", what), 0);
  }
  for (auto it = defaults.begin(); it != defaults.end(); ++it) {
    if (!j.contains(it.key())) j[it.key()] = it.value();
  }
  auto asset = Asset::parse(j.dump());
  if (!asset.ok()) {
    return Error::at_offset(fmt::format("{}: {}", what, asset.error().message), 0);
  }
  return std::move(asset.value());
}

PolicyTestResult run_case(const CompiledPolicy& policy, const PolicyTestCase& tc) {
  PolicyTestResult r;
  r.policy_id = policy.policy.id;
  r.test_name = tc.name;
  r.pos = tc.pos;
  r.expected = tc.expect;

  nlohmann::json asset_defaults = {{"id", "test-asset"}, {"type", policy.policy.resource}};
  auto main = make_asset(tc.asset_json, asset_defaults, "test asset");
  if (!main.ok()) {
    r.error = main.error().message;
    return r;
  }
  // Related assets live in the test asset's account and region unless they say otherwise.
  nlohmann::json related_defaults = {{"account", std::string(main->account)},
                                     {"region", std::string(main->region)}};
  Inventory inventory;
  std::string main_id(main->id);
  if (auto st = inventory.add(std::move(main.value())); !st.ok()) {
    r.error = fmt::format("test asset: {}", st.error().message);
    return r;
  }
  for (size_t i = 0; i < tc.related_json.size(); ++i) {
    nlohmann::json defaults = related_defaults;
    defaults["id"] = fmt::format("related-asset-{}", i + 1);
    auto rel = make_asset(tc.related_json[i], defaults, fmt::format("related asset #{}", i + 1));
    if (!rel.ok()) {
      r.error = rel.error().message;
      return r;
    }
    if (auto st = inventory.add(std::move(rel.value())); !st.ok()) {
      r.error = fmt::format("related asset #{}: {}", i + 1, st.error().message);
      return r;
    }
  }
  inventory.finalize();
  const Asset* asset = inventory.find(main_id);
  if (!asset) {
    r.error = "test asset missing from its inventory";
    return r;
  }

  auto now = policy_detail::parse_rfc3339(tc.now ? std::string_view(*tc.now) : kDefaultNow);
  if (!now) {
    r.error = fmt::format("invalid now '{}'", tc.now.value_or(""));
    return r;
  }

  if (tc.params.empty()) {
    r.actual = evaluate_policy(policy, *asset, inventory, *now);
  } else {
    std::map<std::string, cel::Value> overrides(tc.params.begin(), tc.params.end());
    cel::Value params = policy_detail::make_params_value(policy.policy.params, overrides);
    r.actual = policy_detail::evaluate_with_params(policy, *asset, inventory, *now, params);
  }
  r.mismatch = compare(tc, r.actual);
  r.passed = r.mismatch.empty();
  return r;
}

}  // namespace

std::vector<PolicyTestResult> run_policy_tests(const PolicySet& set) {
  std::vector<PolicyTestResult> results;
  for (const auto& policy : set.policies()) {
    for (const auto& tc : policy->policy.tests) results.push_back(run_case(*policy, tc));
  }
  return results;
}

std::vector<PolicyTestResult> run_policy_tests(const CompiledPolicy& policy) {
  std::vector<PolicyTestResult> results;
  for (const auto& tc : policy.policy.tests) results.push_back(run_case(policy, tc));
  return results;
}

}  // namespace vigil
