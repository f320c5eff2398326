// FixPlan making, JSON forms and text of plans (action.h).
#include "fix/action.h"

#include <fmt/format.h>

#include "core/crypto.h"

namespace vigil::fix {

using nlohmann::json;

const json& Target::config() const {
  static const json kEmpty = json::object();
  auto it = asset.find("config");
  return it != asset.end() && it->is_object() ? *it : kEmpty;
}

json to_json(const ApiCall& call) {
  return {{"service", call.service},
          {"region", call.region},
          {"operation", call.operation},
          {"params", call.params}};
}

Result<ApiCall> api_call_from_json(const json& j) {
  if (!j.is_object() || !j.contains("service") || !j.contains("operation") ||
      !j.contains("region") || !j["service"].is_string() || !j["operation"].is_string() ||
      !j["region"].is_string())
    return Error("a stored fix call lacks service, region or operation")
        .with_kind(Error::Kind::Corrupt);
  ApiCall call;
  call.service = j["service"].get<std::string>();
  call.region = j["region"].get<std::string>();
  call.operation = j["operation"].get<std::string>();
  call.params = j.value("params", json::object());
  return call;
}

std::string describe(const ApiCall& call) {
  return fmt::format("{} {} (region {}) {}", call.service, call.operation, call.region,
                     call.params.dump());
}

Error not_applicable(std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::Conflict);
}

Error missing_data(std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::Unavailable);
}

json call_result(size_t call, std::string_view member) {
  return {{"$result", {{"call", call}, {"member", member}}}};
}

std::string call_region(const Target& target) {
  if (target.region.empty() || target.region == "global") return "us-east-1";
  return target.region;
}

namespace {

json calls_json(const std::vector<ApiCall>& calls) {
  json out = json::array();
  for (const ApiCall& c : calls) out.push_back(to_json(c));
  return out;
}

json plan_body(const FixPlan& p) {
  return {{"action", p.action},           {"policy", p.policy_id}, {"asset", p.asset_id},
          {"type", p.asset_type},         {"account", p.account},  {"region", p.region},
          {"calls", calls_json(p.calls)}, {"backup", p.backup},    {"undo", calls_json(p.undo)}};
}

}  // namespace

Result<FixPlan> plan_fix(const FixAction& action, const Target& target, const PlanInput& input) {
  if (target.type != action.resource_type)
    return not_applicable(
        fmt::format("fix {} is for {}, not {}", action.id, action.resource_type, target.type));
  if (Status ok = action.precondition(target, input); !ok.ok()) return ok.error();
  auto backup = action.backup(target, input);
  if (!backup.ok()) return backup.error();
  auto calls = action.calls(target, input);
  if (!calls.ok()) return calls.error();
  if (calls->empty()) return not_applicable(fmt::format("fix {}: nothing to change", action.id));
  auto undo = action.undo(target, *backup);
  if (!undo.ok()) return undo.error();
  FixPlan plan;
  plan.action = std::string(action.id);
  plan.policy_id = input.policy_id;
  plan.asset_id = target.id;
  plan.asset_type = target.type;
  plan.account = target.account;
  plan.region = target.region;
  plan.calls = std::move(calls).value();
  plan.backup = std::move(backup).value();
  plan.undo = std::move(undo).value();
  plan.digest = sha256_hex(plan_body(plan).dump());
  return plan;
}

json to_json(const FixPlan& plan) {
  json j = plan_body(plan);
  j["digest"] = plan.digest;
  return j;
}

Result<FixPlan> plan_from_json(const json& j) {
  if (!j.is_object() || !j.contains("calls") || !j.contains("undo"))
    return Error("a stored fix plan lacks calls or undo").with_kind(Error::Kind::Corrupt);
  FixPlan p;
  p.action = j.value("action", "");
  p.policy_id = j.value("policy", "");
  p.asset_id = j.value("asset", "");
  p.asset_type = j.value("type", "");
  p.account = j.value("account", "");
  p.region = j.value("region", "");
  p.backup = j.value("backup", json());
  p.digest = j.value("digest", "");
  for (const char* key : {"calls", "undo"})
    for (const json& c : j[key]) {
      auto call = api_call_from_json(c);
      if (!call.ok()) return call.error();
      (std::string_view(key) == "calls" ? p.calls : p.undo).push_back(std::move(call).value());
    }
  return p;
}

std::string plan_text(const FixPlan& plan, const FixAction* action) {
  std::string out =
      fmt::format("fix {} for policy {}\n  resource {} ({}, account {}, region {})\n", plan.action,
                  plan.policy_id, plan.asset_id, plan.asset_type, plan.account, plan.region);
  if (action) out += fmt::format("  what: {}\n", action->summary);
  out += fmt::format("  calls ({}):\n", plan.calls.size());
  for (const ApiCall& c : plan.calls) out += "    " + describe(c) + "\n";
  out += "  backup: " + plan.backup.dump() + "\n";
  out += fmt::format("  undo ({} calls){}:\n", plan.undo.size(),
                     action ? fmt::format(": {}", action->undo_text) : std::string());
  for (const ApiCall& c : plan.undo) out += "    " + describe(c) + "\n";
  out += "  plan digest: " + plan.digest + "\n";
  return out;
}

}  // namespace vigil::fix
