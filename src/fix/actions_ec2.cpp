// EC2 fix actions:
//  - ec2-revoke-world-ingress: revokes, from one security group, exactly the
//    world-open parts (0.0.0.0/0 and/or ::/0) of the inbound rules the
//    policy reports, computed as the policy does (same params), and nothing
//    else: other sources of the same rule stay. Backup: those rules as
//    collected (descriptions included). Undo: authorize them again.
//    A world-open port range covering an admin port is revoked whole (AWS
//    revokes rules, not ports); the plan shows the range.
//  - ec2-snapshot-private: removes the "all" create-volume permission of a
//    snapshot. Undo: add it back.
//  - ec2-image-private: removes the "all" launch permission of an AMI the
//    account owns (the collected Public flag is the policy's evidence).
//    Undo: add it back.
//  - ec2-ebs-encryption-by-default: enables EBS encryption by default in
//    each region of the account where it is off. Undo: disable it there.
#include <fmt/format.h>

#include <algorithm>

#include "fix/actions.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

// ------------------------------------------------ security group ingress

constexpr std::string_view kAdminV4 = "aws-ec2-security-group-admin-ports-open-ipv4";
constexpr std::string_view kAdminV6 = "aws-ec2-security-group-admin-ports-open-ipv6";
constexpr std::string_view kOpen = "aws-ec2-security-group-open-to-internet";

std::vector<int64_t> int_list(const json& params, const char* name, std::vector<int64_t> fallback) {
  auto it = params.find(name);
  if (it == params.end() || !it->is_array()) return fallback;
  std::vector<int64_t> out;
  for (const json& v : *it)
    if (v.is_number_integer()) out.push_back(v.get<int64_t>());
  return out;
}

bool has_cidr(const json& rule, const char* list, const char* key, const char* cidr) {
  auto it = rule.find(list);
  if (it == rule.end() || !it->is_array()) return false;
  return std::any_of(it->begin(), it->end(),
                     [&](const json& r) { return r.value(key, "") == cidr; });
}

bool tcp_or_udp(const std::string& p) { return p == "tcp" || p == "udp" || p == "6" || p == "17"; }

bool covers_any(const json& rule, const std::vector<int64_t>& ports) {
  std::string proto = rule.value("IpProtocol", "");
  if (proto == "-1") return true;
  if (!tcp_or_udp(proto)) return false;
  int64_t from = rule.value("FromPort", int64_t{-2}), to = rule.value("ToPort", int64_t{-2});
  return std::any_of(ports.begin(), ports.end(), [&](int64_t p) { return from <= p && p <= to; });
}

// The part of `rule` to revoke: protocol, ports and the world ranges
// (with their descriptions, for the backup), or null.
json world_part(const json& rule, bool v4, bool v6) {
  json part = {{"IpProtocol", rule.value("IpProtocol", "")}};
  if (rule.contains("FromPort")) part["FromPort"] = rule["FromPort"];
  if (rule.contains("ToPort")) part["ToPort"] = rule["ToPort"];
  bool any = false;
  auto take = [&](const char* list, const char* key, const char* cidr) {
    auto it = rule.find(list);
    if (it == rule.end() || !it->is_array()) return;
    for (const json& r : *it)
      if (r.value(key, "") == cidr) {
        part[list].push_back(r);
        any = true;
      }
  };
  if (v4) take("IpRanges", "CidrIp", "0.0.0.0/0");
  if (v6) take("Ipv6Ranges", "CidrIpv6", "::/0");
  return any ? part : json(nullptr);
}

Result<json> offending_rules(const Target& t, const PlanInput& in) {
  if (part_failed(t, "config.IpPermissions"))
    return missing_data(t.id + ": the group's inbound rules were not collected");
  const json& config = t.config();
  if (!config.contains("GroupId")) return missing_data(t.id + ": config.GroupId was not collected");
  json rules = config.value("IpPermissions", json::array());
  json out = json::array();
  for (const json& r : rules) {
    bool v4 = has_cidr(r, "IpRanges", "CidrIp", "0.0.0.0/0");
    bool v6 = has_cidr(r, "Ipv6Ranges", "CidrIpv6", "::/0");
    json part;
    if (in.policy_id == kAdminV4 || in.policy_id == kAdminV6) {
      bool world = in.policy_id == kAdminV4 ? v4 : v6;
      if (world && covers_any(r, int_list(in.params, "ports", {22, 3389})))
        part = world_part(r, in.policy_id == kAdminV4, in.policy_id == kAdminV6);
    } else if (in.policy_id == kOpen) {
      std::string proto = r.value("IpProtocol", "");
      auto allowed = int_list(in.params, "allowed_ports", {80, 443});
      int64_t from = r.value("FromPort", int64_t{-2}), to = r.value("ToPort", int64_t{-3});
      bool approved = (proto == "tcp" || proto == "6") && from == to &&
                      std::find(allowed.begin(), allowed.end(), from) != allowed.end();
      if ((v4 || v6) && !approved) part = world_part(r, true, true);
    } else {
      return not_applicable(
          fmt::format("ec2-revoke-world-ingress does not serve {}", in.policy_id));
    }
    if (!part.is_null()) out.push_back(part);
  }
  return out;
}

Status sg_precondition(const Target& t, const PlanInput& in) {
  auto rules = offending_rules(t, in);
  if (!rules.ok()) return rules.error();
  if (rules->empty()) return not_applicable(t.id + ": no world-open inbound rule to revoke");
  return {};
}

Result<json> sg_backup(const Target& t, const PlanInput& in) {
  auto rules = offending_rules(t, in);
  if (!rules.ok()) return rules.error();
  return json{{"GroupId", t.config()["GroupId"]}, {"IpPermissions", *rules}};
}

// The permissions without descriptions: AWS matches rules on protocol,
// ports and source; a description is not part of a rule's identity.
json without_descriptions(json rules) {
  for (json& r : rules)
    for (const char* list : {"IpRanges", "Ipv6Ranges"})
      if (r.contains(list))
        for (json& range : r[list]) range.erase("Description");
  return rules;
}

Result<std::vector<ApiCall>> sg_calls(const Target& t, const PlanInput& in) {
  auto backup = sg_backup(t, in);
  if (!backup.ok()) return backup.error();
  return std::vector<ApiCall>{
      {"ec2",
       call_region(t),
       "RevokeSecurityGroupIngress",
       {{"GroupId", (*backup)["GroupId"]},
        {"IpPermissions", without_descriptions((*backup)["IpPermissions"])}}}};
}

Result<std::vector<ApiCall>> sg_undo(const Target& t, const json& backup) {
  return std::vector<ApiCall>{
      {"ec2",
       call_region(t),
       "AuthorizeSecurityGroupIngress",
       {{"GroupId", backup.at("GroupId")}, {"IpPermissions", backup.at("IpPermissions")}}}};
}

// ------------------------------------------------------------- snapshot

Result<json> public_permissions(const Target& t) {
  if (part_failed(t, "config.SnapshotAttribute"))
    return missing_data(t.id + ": the snapshot's create-volume permissions were not collected");
  const json& attr = t.config().value("SnapshotAttribute", json::object());
  json out = json::array();
  for (const json& p : attr.value("CreateVolumePermissions", json::array()))
    if (p.value("Group", "") == "all") out.push_back(p);
  return out;
}

Status snapshot_precondition(const Target& t, const PlanInput&) {
  if (auto id = config_string(t, "SnapshotId"); !id.ok()) return id.error();
  auto p = public_permissions(t);
  if (!p.ok()) return p.error();
  if (p->empty()) return not_applicable(t.id + ": the snapshot is not public");
  return {};
}

Result<json> snapshot_backup(const Target& t, const PlanInput&) {
  auto p = public_permissions(t);
  if (!p.ok()) return p.error();
  return json{{"CreateVolumePermissions", *p}};
}

ApiCall snapshot_call(const Target& t, const char* operation_type) {
  return {"ec2",
          call_region(t),
          "ModifySnapshotAttribute",
          {{"SnapshotId", t.config()["SnapshotId"]},
           {"Attribute", "createVolumePermission"},
           {"OperationType", operation_type},
           {"GroupNames", {"all"}}}};
}

Result<std::vector<ApiCall>> snapshot_calls(const Target& t, const PlanInput&) {
  return std::vector<ApiCall>{snapshot_call(t, "remove")};
}

Result<std::vector<ApiCall>> snapshot_undo(const Target& t, const json&) {
  return std::vector<ApiCall>{snapshot_call(t, "add")};
}

// ---------------------------------------------------------------- image

Status image_precondition(const Target& t, const PlanInput&) {
  if (auto id = config_string(t, "ImageId"); !id.ok()) return id.error();
  auto it = t.config().find("Public");
  if (it == t.config().end() || !it->is_boolean())
    return missing_data(t.id + ": whether the image is public was not collected");
  if (!it->get<bool>()) return not_applicable(t.id + ": the image is not public");
  return {};
}

Result<json> image_backup(const Target&, const PlanInput&) {
  return json{{"LaunchPermissions", {{{"Group", "all"}}}}};
}

ApiCall image_call(const Target& t, const char* change) {
  return {
      "ec2",
      call_region(t),
      "ModifyImageAttribute",
      {{"ImageId", t.config()["ImageId"]}, {"LaunchPermission", {{change, {{{"Group", "all"}}}}}}}};
}

Result<std::vector<ApiCall>> image_calls(const Target& t, const PlanInput&) {
  return std::vector<ApiCall>{image_call(t, "Remove")};
}

Result<std::vector<ApiCall>> image_undo(const Target& t, const json&) {
  return std::vector<ApiCall>{image_call(t, "Add")};
}

// ------------------------------------------------ EBS encryption default

Result<std::vector<std::string>> off_regions(const Target& t) {
  if (part_failed(t, "config.EbsEncryptionByDefault"))
    return missing_data(t.id + ": EBS encryption by default was not collected");
  const json& config = t.config();
  auto it = config.find("EbsEncryptionByDefault");
  if (it == config.end() || !it->is_object())
    return missing_data(t.id + ": config.EbsEncryptionByDefault was not collected");
  std::vector<std::string> out;
  for (const auto& [region, v] : it->items())
    if (!v.is_object() || v.value("EbsEncryptionByDefault", false) != true) out.push_back(region);
  return out;
}

Status ebs_precondition(const Target& t, const PlanInput&) {
  auto off = off_regions(t);
  if (!off.ok()) return off.error();
  if (off->empty()) return not_applicable(t.id + ": EBS encryption by default is on everywhere");
  return {};
}

Result<json> ebs_backup(const Target& t, const PlanInput&) {
  auto off = off_regions(t);
  if (!off.ok()) return off.error();
  return json{{"RegionsOff", *off}};
}

std::vector<ApiCall> ebs_per_region(const json& regions, const char* operation) {
  std::vector<ApiCall> out;
  for (const json& r : regions)
    out.push_back({"ec2", r.get<std::string>(), operation, json::object()});
  return out;
}

Result<std::vector<ApiCall>> ebs_calls(const Target& t, const PlanInput& in) {
  auto b = ebs_backup(t, in);
  if (!b.ok()) return b.error();
  return ebs_per_region((*b)["RegionsOff"], "EnableEbsEncryptionByDefault");
}

Result<std::vector<ApiCall>> ebs_undo(const Target&, const json& backup) {
  return ebs_per_region(backup.at("RegionsOff"), "DisableEbsEncryptionByDefault");
}

}  // namespace

const FixAction& ec2_revoke_world_ingress() {
  static const FixAction action{
      .id = "ec2-revoke-world-ingress",
      .resource_type = "aws.ec2.security-group",
      .policies = {kAdminV4, kAdminV6, kOpen},
      .summary =
          "revoke the 0.0.0.0/0 and ::/0 sources of the inbound rules the policy reports, "
          "nothing else",
      .undo_text = "authorize the revoked rules again, descriptions included",
      .operations = {{"ec2", "RevokeSecurityGroupIngress"},
                     {"ec2", "AuthorizeSecurityGroupIngress"}},
      .precondition = sg_precondition,
      .backup = sg_backup,
      .calls = sg_calls,
      .undo = sg_undo};
  return action;
}

const FixAction& ec2_snapshot_private() {
  static const FixAction action{
      .id = "ec2-snapshot-private",
      .resource_type = "aws.ec2.snapshot",
      .policies = {"aws-ec2-snapshot-public"},
      .summary = "remove the public (group \"all\") create-volume permission of the snapshot",
      .undo_text = "add the group \"all\" create-volume permission back",
      .operations = {{"ec2", "ModifySnapshotAttribute"}},
      .precondition = snapshot_precondition,
      .backup = snapshot_backup,
      .calls = snapshot_calls,
      .undo = snapshot_undo};
  return action;
}

const FixAction& ec2_image_private() {
  static const FixAction action{
      .id = "ec2-image-private",
      .resource_type = "aws.ec2.image",
      .policies = {"aws-ec2-image-public"},
      .summary = "remove the public (group \"all\") launch permission of the image",
      .undo_text = "add the group \"all\" launch permission back",
      .operations = {{"ec2", "ModifyImageAttribute"}},
      .precondition = image_precondition,
      .backup = image_backup,
      .calls = image_calls,
      .undo = image_undo};
  return action;
}

const FixAction& ec2_ebs_encryption_by_default() {
  static const FixAction action{
      .id = "ec2-ebs-encryption-by-default",
      .resource_type = "aws.account",
      .policies = {"aws-ec2-ebs-encryption-by-default-off"},
      .summary = "enable EBS encryption by default in each region of the account where it is off",
      .undo_text = "disable EBS encryption by default in the regions where it was off",
      .operations = {{"ec2", "EnableEbsEncryptionByDefault"},
                     {"ec2", "DisableEbsEncryptionByDefault"}},
      .precondition = ebs_precondition,
      .backup = ebs_backup,
      .calls = ebs_calls,
      .undo = ebs_undo};
  return action;
}

}  // namespace vigil::fix
