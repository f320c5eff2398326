// s3-block-public-access: turns on the four Block Public Access settings of
// one bucket (PutPublicAccessBlock). Backup: the bucket's configuration as
// collected (GetPublicAccessBlock), or none. Undo: put it back, or delete
// the configuration when the bucket had none.
#include <fmt/format.h>

#include "fix/actions.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

constexpr const char* kSettings[] = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                                     "RestrictPublicBuckets"};

Result<json> current(const Target& t) {
  if (part_failed(t, "config.PublicAccessBlock"))
    return missing_data(
        fmt::format("{}: the bucket's Block Public Access configuration was not collected", t.id));
  const json& config = t.config();
  if (!config.contains("PublicAccessBlock")) return json(nullptr);  // never configured
  const json& pab = config["PublicAccessBlock"];
  if (!pab.is_object() || !pab.contains("PublicAccessBlockConfiguration"))
    return missing_data(fmt::format("{}: config.PublicAccessBlock has no configuration", t.id));
  return pab["PublicAccessBlockConfiguration"];
}

Status pab_precondition(const Target& t, const PlanInput&) {
  if (auto name = config_string(t, "Name"); !name.ok()) return name.error();
  auto now = current(t);
  if (!now.ok()) return now.error();
  bool all_on = now->is_object();
  for (const char* s : kSettings)
    if (all_on && now->value(s, false) != true) all_on = false;
  if (all_on) return not_applicable(t.id + ": the bucket already blocks all public access");
  return {};
}

Result<json> pab_backup(const Target& t, const PlanInput&) {
  auto now = current(t);
  if (!now.ok()) return now.error();
  return json{{"PublicAccessBlockConfiguration", *now}};
}

Result<std::vector<ApiCall>> pab_calls(const Target& t, const PlanInput&) {
  json all = json::object();
  for (const char* s : kSettings) all[s] = true;
  return std::vector<ApiCall>{
      {"s3",
       call_region(t),
       "PutPublicAccessBlock",
       {{"Bucket", t.config()["Name"]}, {"PublicAccessBlockConfiguration", all}}}};
}

Result<std::vector<ApiCall>> pab_undo(const Target& t, const json& backup) {
  const json& before = backup.at("PublicAccessBlockConfiguration");
  if (before.is_null())
    return std::vector<ApiCall>{
        {"s3", call_region(t), "DeletePublicAccessBlock", {{"Bucket", t.config()["Name"]}}}};
  return std::vector<ApiCall>{
      {"s3",
       call_region(t),
       "PutPublicAccessBlock",
       {{"Bucket", t.config()["Name"]}, {"PublicAccessBlockConfiguration", before}}}};
}

}  // namespace

const FixAction& s3_block_public_access() {
  static const FixAction action{
      .id = "s3-block-public-access",
      .resource_type = "aws.s3.bucket",
      .policies = {"aws-s3-bucket-public-access-block", "aws-s3-bucket-public"},
      .summary = "turn on all four S3 Block Public Access settings of the bucket",
      .undo_text = "put the bucket's previous configuration back, or delete it if it had none",
      .operations = {{"s3", "PutPublicAccessBlock"}, {"s3", "DeletePublicAccessBlock"}},
      .precondition = pab_precondition,
      .backup = pab_backup,
      .calls = pab_calls,
      .undo = pab_undo};
  return action;
}

}  // namespace vigil::fix
