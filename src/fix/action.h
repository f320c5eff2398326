// A fix action: one remediation of one resource type, as data and pure
// functions over the asset JSON (the scan's asset, as stored). Nothing here
// talks to AWS; runner.h executes plans.
//
// Contract
//  - plan_fix() runs precondition -> backup -> calls -> undo and returns a
//    FixPlan: the exact AWS API calls (service, region, operation,
//    botocore-shaped parameters) that would be made, the backup (the part
//    of the configuration the calls change, copied from the asset), and the
//    calls that restore the backup (the documented undo). Same asset and
//    params, same plan (deterministic, digest included).
//  - A precondition that does not hold, or an asset that lacks what the
//    plan needs (a member not collected, an ambiguous key), is an Error:
//    kind Conflict ("nothing to fix" / "not fixable by this action") or
//    Unavailable (the data to decide is missing). Never a guessed plan.
//  - Every call an action can make, in plan or undo, is in `operations`
//    (the IAM permissions, iam_permissions.h, are generated from it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vigil::fix {

// One AWS API call, in botocore's shape (as aws_client/client.h takes it).
struct ApiCall {
  std::string service;    // "s3", "ec2", "iam", "kms", "cloudtrail", "rds"
  std::string region;     // where it is sent (global services: the partition's global region)
  std::string operation;  // "PutPublicAccessBlock"
  nlohmann::json params = nlohmann::json::object();
  bool operator==(const ApiCall&) const = default;
};
nlohmann::json to_json(const ApiCall& call);
Result<ApiCall> api_call_from_json(const nlohmann::json& j);
// `aws <service> <operation> --region R` followed by the parameters, one line.
std::string describe(const ApiCall& call);

// The resource a plan is made for: the stored asset and its identity.
struct Target {
  std::string id, type, account, region;
  nlohmann::json asset;                  // the whole asset object (id, type, config, ...)
  const nlohmann::json& config() const;  // asset["config"], or an empty object
};

// The policy's effective params (CompiledPolicy::params as JSON; durations
// as {"seconds": N}), the time the plan is made at (for "unused for N days"),
// and the deployment's settings for actions (vigil.yaml `fixes:`, e.g.
// {"flow_logs": {"log_group", "role_arn" | "s3_arn", "traffic_type"}}).
struct PlanInput {
  std::string policy_id;
  nlohmann::json params = nlohmann::json::object();
  int64_t now_seconds = 0;  // Unix time
  nlohmann::json settings = nlohmann::json::object();
};

// An undo parameter that only AWS's answer to a call of the plan knows
// (the id of what the call created): {"$result": {"call": I, "member": M}}
// stands for member M of the answer to calls[I], which the runner records
// with the call's outcome and substitutes before the undo is sent.
nlohmann::json call_result(size_t call, std::string_view member);

struct Operation {
  std::string_view service, operation;
};

struct FixAction {
  std::string_view id;                     // "s3-block-public-access"
  std::string_view resource_type;          // "aws.s3.bucket"
  std::vector<std::string_view> policies;  // the policy ids it serves
  std::string_view summary;                // what it does, one line
  std::string_view undo_text;              // how undo restores the backup, one line
  std::vector<Operation> operations;       // every call of calls() and undo()
  // IAM actions AWS checks besides the calls' own (iam:PassRole of a role a
  // call hands over): added to the fix role's policy (iam_permissions.h).
  std::vector<std::string_view> extra_permissions;
  Status (*precondition)(const Target&, const PlanInput&) = nullptr;
  Result<nlohmann::json> (*backup)(const Target&, const PlanInput&) = nullptr;
  Result<std::vector<ApiCall>> (*calls)(const Target&, const PlanInput&) = nullptr;
  Result<std::vector<ApiCall>> (*undo)(const Target&, const nlohmann::json& backup) = nullptr;
};

struct FixPlan {
  std::string action;  // FixAction::id
  std::string policy_id;
  std::string asset_id, asset_type, account, region;
  std::vector<ApiCall> calls;
  nlohmann::json backup;
  std::vector<ApiCall> undo;
  std::string digest;  // sha256 hex of the plan's JSON without the digest
};

Result<FixPlan> plan_fix(const FixAction& action, const Target& target, const PlanInput& input);

nlohmann::json to_json(const FixPlan& plan);
Result<FixPlan> plan_from_json(const nlohmann::json& j);
// Human-readable: the action, the resource, each call, the backup and the undo.
std::string plan_text(const FixPlan& plan, const FixAction* action);

// Errors of preconditions: nothing to do / not this action's case (Conflict),
// or data missing from the asset to decide (Unavailable).
Error not_applicable(std::string message);
Error missing_data(std::string message);

// The region calls for `target` go to: its own, or the partition's global
// region when the asset is global ("global", IAM).
std::string call_region(const Target& target);

}  // namespace vigil::fix
