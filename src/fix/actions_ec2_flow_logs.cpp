// ec2-vpc-flow-logs: creates a VPC-level flow log (CreateFlowLogs) to the
// destination the deployment names in vigil.yaml `fixes: flow_logs:`
// (PlanInput::settings["flow_logs"]): a CloudWatch Logs group with the IAM
// role that delivers to it, or an S3 bucket ARN (with an optional prefix).
// Backup: the VPC's flow logs as collected (none active, or the policy
// would not be violated). Undo: DeleteFlowLogs of the flow log the call
// created, its id taken from AWS's answer (action.h call_result).
//
// Contract
//  - No destination configured, or one the VPC cannot use (the delivery
//    role in another account than the VPC's), is refused (Conflict) with
//    the reason; nothing is guessed.
//  - The VPC's flow logs not collected (an `errors` entry for
//    relationships.flow_logs, or no such relationship) is Unavailable.
#include <fmt/format.h>

#include "fix/actions.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

// "arn:aws:iam::123456789012:role/name" -> "123456789012"; "" when not a role ARN.
std::string role_account(const std::string& arn) {
  if (!arn.starts_with("arn:")) return "";
  size_t service = arn.find(':', 4);
  if (service == std::string::npos || arn.compare(service + 1, 5, "iam::") != 0) return "";
  size_t account = service + 6;
  size_t end = arn.find(':', account);
  if (end == std::string::npos || arn.compare(end + 1, 5, "role/") != 0) return "";
  return arn.substr(account, end - account);
}

struct Destination {
  std::string log_group, role_arn, s3_arn, traffic_type;
};

Result<Destination> destination(const Target& t, const PlanInput& in) {
  const json& f = in.settings.contains("flow_logs") ? in.settings["flow_logs"] : json();
  if (!f.is_object() || (f.value("log_group", "").empty() && f.value("s3_arn", "").empty()))
    return not_applicable(
        t.id +
        ": no flow log destination is configured: set vigil.yaml `fixes: flow_logs:` "
        "(log_group and role_arn, or s3_arn; docs/autofix.md)");
  Destination d{f.value("log_group", ""), f.value("role_arn", ""), f.value("s3_arn", ""),
                f.value("traffic_type", "ALL")};
  if (!d.log_group.empty()) {
    std::string account = role_account(d.role_arn);
    if (account.empty())
      return not_applicable(t.id + ": fixes.flow_logs.log_group needs role_arn, an IAM role ARN");
    if (account != t.account)
      return not_applicable(fmt::format(
          "{}: the flow log delivery role {} is in account {}, the VPC in {}: a VPC can only use "
          "a role of its own account",
          t.id, d.role_arn, account, t.account));
  }
  return d;
}

Result<json> collected_flow_logs(const Target& t) {
  if (part_failed(t, "relationships.flow_logs"))
    return missing_data(t.id + ": the VPC's flow logs were not collected");
  auto rel = t.asset.find("relationships");
  if (rel == t.asset.end() || !rel->is_object() || !rel->contains("flow_logs") ||
      !(*rel)["flow_logs"].is_array())
    return missing_data(t.id + ": relationships.flow_logs is not in the collected asset");
  return (*rel)["flow_logs"];
}

Status flow_logs_precondition(const Target& t, const PlanInput& in) {
  if (auto id = config_string(t, "VpcId"); !id.ok()) return id.error();
  if (auto logs = collected_flow_logs(t); !logs.ok()) return logs.error();
  if (auto d = destination(t, in); !d.ok()) return d.error();
  return {};
}

Result<json> flow_logs_backup(const Target& t, const PlanInput&) {
  auto logs = collected_flow_logs(t);
  if (!logs.ok()) return logs.error();
  return json{{"VpcId", t.config()["VpcId"]}, {"FlowLogs", *logs}};
}

Result<std::vector<ApiCall>> flow_logs_calls(const Target& t, const PlanInput& in) {
  auto d = destination(t, in);
  if (!d.ok()) return d.error();
  json params = {{"ResourceIds", {t.config()["VpcId"]}},
                 {"ResourceType", "VPC"},
                 {"TrafficType", d->traffic_type}};
  if (!d->log_group.empty()) {
    params["LogDestinationType"] = "cloud-watch-logs";
    params["LogGroupName"] = d->log_group;
    params["DeliverLogsPermissionArn"] = d->role_arn;
  } else {
    params["LogDestinationType"] = "s3";
    params["LogDestination"] = d->s3_arn;
  }
  return std::vector<ApiCall>{{"ec2", call_region(t), "CreateFlowLogs", std::move(params)}};
}

Result<std::vector<ApiCall>> flow_logs_undo(const Target& t, const json&) {
  return std::vector<ApiCall>{
      {"ec2", call_region(t), "DeleteFlowLogs", {{"FlowLogIds", call_result(0, "FlowLogIds")}}}};
}

}  // namespace

const FixAction& ec2_vpc_flow_logs() {
  static const FixAction action{
      .id = "ec2-vpc-flow-logs",
      .resource_type = "aws.ec2.vpc",
      .policies = {"aws-ec2-vpc-flow-logs-disabled"},
      .summary = "create a VPC flow log to the destination of vigil.yaml fixes.flow_logs",
      .undo_text = "delete the flow log the fix created (its id as AWS answered it)",
      .operations = {{"ec2", "CreateFlowLogs"}, {"ec2", "DeleteFlowLogs"}},
      // CreateFlowLogs passes the delivery role (CloudWatch Logs) and sets
      // up log delivery (S3): AWS checks these permissions of the caller too.
      .extra_permissions = {"iam:PassRole", "logs:CreateLogDelivery", "logs:DeleteLogDelivery"},
      .precondition = flow_logs_precondition,
      .backup = flow_logs_backup,
      .calls = flow_logs_calls,
      .undo = flow_logs_undo};
  return action;
}

}  // namespace vigil::fix
