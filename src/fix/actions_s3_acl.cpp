// s3-remove-public-acl-grants: removes from one bucket's ACL exactly the
// grants to the public groups (AllUsers, AuthenticatedUsers), keeping the
// owner and every other grant (PutBucketAcl with the rest). Backup: the ACL
// as collected (GetBucketAcl: Owner and Grants). Undo: put it back whole.
// A bucket whose ACL was not collected is Unavailable, never "not public".
#include <fmt/format.h>

#include "fix/actions.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

constexpr const char* kPublicGroups[] = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"};

bool is_public_grant(const json& grant) {
  if (!grant.is_object() || !grant.contains("Grantee") || !grant["Grantee"].is_object())
    return false;
  std::string uri = grant["Grantee"].value("URI", "");
  for (const char* group : kPublicGroups)
    if (uri == group) return true;
  return false;
}

Result<json> collected_acl(const Target& t) {
  if (part_failed(t, "config.BucketAcl"))
    return missing_data(t.id + ": the bucket's ACL was not collected");
  auto it = t.config().find("BucketAcl");
  if (it == t.config().end() || !it->is_object() || !it->contains("Owner") ||
      !(*it)["Grants"].is_array())
    return missing_data(t.id + ": config.BucketAcl has no Owner and Grants");
  return *it;
}

Status acl_precondition(const Target& t, const PlanInput&) {
  if (auto name = config_string(t, "Name"); !name.ok()) return name.error();
  auto acl = collected_acl(t);
  if (!acl.ok()) return acl.error();
  for (const json& g : (*acl)["Grants"])
    if (is_public_grant(g)) return {};
  return not_applicable(t.id +
                        ": the bucket's ACL grants nothing to AllUsers or AuthenticatedUsers");
}

Result<json> acl_backup(const Target& t, const PlanInput&) {
  auto acl = collected_acl(t);
  if (!acl.ok()) return acl.error();
  return json{{"AccessControlPolicy", {{"Owner", (*acl)["Owner"]}, {"Grants", (*acl)["Grants"]}}}};
}

ApiCall put_acl(const Target& t, json policy) {
  return {"s3",
          call_region(t),
          "PutBucketAcl",
          {{"Bucket", t.config()["Name"]}, {"AccessControlPolicy", std::move(policy)}}};
}

Result<std::vector<ApiCall>> acl_calls(const Target& t, const PlanInput& in) {
  auto backup = acl_backup(t, in);
  if (!backup.ok()) return backup.error();
  json policy = (*backup)["AccessControlPolicy"];
  json kept = json::array();
  for (const json& g : policy["Grants"])
    if (!is_public_grant(g)) kept.push_back(g);
  policy["Grants"] = std::move(kept);
  return std::vector<ApiCall>{put_acl(t, std::move(policy))};
}

Result<std::vector<ApiCall>> acl_undo(const Target& t, const json& backup) {
  return std::vector<ApiCall>{put_acl(t, backup.at("AccessControlPolicy"))};
}

}  // namespace

const FixAction& s3_remove_public_acl_grants() {
  static const FixAction action{
      .id = "s3-remove-public-acl-grants",
      .resource_type = "aws.s3.bucket",
      .policies = {"aws-s3-bucket-public"},
      .summary = "remove the bucket ACL's grants to AllUsers and AuthenticatedUsers, keep the rest",
      .undo_text = "put the bucket's previous ACL back whole",
      .operations = {{"s3", "PutBucketAcl"}},
      .precondition = acl_precondition,
      .backup = acl_backup,
      .calls = acl_calls,
      .undo = acl_undo};
  return action;
}

}  // namespace vigil::fix
