// Fix actions that flip one documented setting of one resource:
//  - kms-enable-rotation: EnableKeyRotation on a customer-managed,
//    symmetric, enabled key whose rotation is off. Undo: DisableKeyRotation.
//  - cloudtrail-log-validation: UpdateTrail EnableLogFileValidation=true.
//    Undo: UpdateTrail EnableLogFileValidation=false.
//  - rds-not-public: ModifyDBInstance PubliclyAccessible=false,
//    ApplyImmediately=true. Undo: PubliclyAccessible=true.
#include <fmt/format.h>

#include "fix/actions.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

// ------------------------------------------------------------------ KMS

Status kms_precondition(const Target& t, const PlanInput&) {
  if (part_failed(t, "config.Key") || part_failed(t, "config.KeyRotationStatus"))
    return missing_data(t.id + ": the key's metadata or rotation status was not collected");
  const json& c = t.config();
  if (!c.contains("Key") || !c["Key"].contains("KeyMetadata") || !c.contains("KeyRotationStatus"))
    return missing_data(t.id + ": config.Key.KeyMetadata or KeyRotationStatus is missing");
  const json& meta = c["Key"]["KeyMetadata"];
  if (meta.value("KeyManager", "") != "CUSTOMER")
    return not_applicable(t.id + ": not a customer-managed key");
  if (meta.value("KeySpec", "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT")
    return not_applicable(t.id + ": only symmetric keys rotate automatically");
  if (meta.value("KeyState", "") != "Enabled")
    return not_applicable(t.id + ": the key is not enabled");
  if (c["KeyRotationStatus"].value("KeyRotationEnabled", false) == true)
    return not_applicable(t.id + ": rotation is already on");
  if (!meta.contains("KeyId")) return missing_data(t.id + ": KeyMetadata.KeyId is missing");
  return {};
}

Result<json> kms_backup(const Target& t, const PlanInput&) {
  return json{{"KeyId", t.config()["Key"]["KeyMetadata"]["KeyId"]}, {"KeyRotationEnabled", false}};
}

Result<std::vector<ApiCall>> kms_calls(const Target& t, const PlanInput&) {
  return std::vector<ApiCall>{{"kms",
                               call_region(t),
                               "EnableKeyRotation",
                               {{"KeyId", t.config()["Key"]["KeyMetadata"]["KeyId"]}}}};
}

Result<std::vector<ApiCall>> kms_undo(const Target& t, const json& b) {
  return std::vector<ApiCall>{
      {"kms", call_region(t), "DisableKeyRotation", {{"KeyId", b.at("KeyId")}}}};
}

// ----------------------------------------------------------- CloudTrail

Status trail_precondition(const Target& t, const PlanInput&) {
  if (part_failed(t, "config.LogFileValidationEnabled"))
    return missing_data(t.id + ": LogFileValidationEnabled was not collected");
  const json& c = t.config();
  if (!c.contains("LogFileValidationEnabled") || !c.contains("Name"))
    return missing_data(t.id + ": config.Name or LogFileValidationEnabled is missing");
  if (c["LogFileValidationEnabled"] == true)
    return not_applicable(t.id + ": validation is already on");
  return {};
}

json trail_name(const Target& t) { return t.config().value("TrailARN", t.config()["Name"]); }

Result<json> trail_backup(const Target& t, const PlanInput&) {
  return json{{"Name", trail_name(t)}, {"LogFileValidationEnabled", false}};
}

Result<std::vector<ApiCall>> trail_calls(const Target& t, const PlanInput&) {
  return std::vector<ApiCall>{{"cloudtrail",
                               call_region(t),
                               "UpdateTrail",
                               {{"Name", trail_name(t)}, {"EnableLogFileValidation", true}}}};
}

Result<std::vector<ApiCall>> trail_undo(const Target& t, const json& b) {
  return std::vector<ApiCall>{{"cloudtrail",
                               call_region(t),
                               "UpdateTrail",
                               {{"Name", b.at("Name")}, {"EnableLogFileValidation", false}}}};
}

// ------------------------------------------------------------------ RDS

Status rds_precondition(const Target& t, const PlanInput&) {
  if (auto id = config_string(t, "DBInstanceIdentifier"); !id.ok()) return id.error();
  if (t.config().value("PubliclyAccessible", false) != true)
    return not_applicable(t.id + ": the instance is not publicly accessible");
  return {};
}

Result<json> rds_backup(const Target& t, const PlanInput&) {
  return json{{"DBInstanceIdentifier", t.config()["DBInstanceIdentifier"]},
              {"PubliclyAccessible", true}};
}

ApiCall rds_call(const Target& t, const json& id, bool value) {
  return {
      "rds",
      call_region(t),
      "ModifyDBInstance",
      {{"DBInstanceIdentifier", id}, {"PubliclyAccessible", value}, {"ApplyImmediately", true}}};
}

Result<std::vector<ApiCall>> rds_calls(const Target& t, const PlanInput&) {
  return std::vector<ApiCall>{rds_call(t, t.config()["DBInstanceIdentifier"], false)};
}

Result<std::vector<ApiCall>> rds_undo(const Target& t, const json& b) {
  return std::vector<ApiCall>{rds_call(t, b.at("DBInstanceIdentifier"), true)};
}

}  // namespace

const FixAction& kms_enable_rotation() {
  static const FixAction action{
      .id = "kms-enable-rotation",
      .resource_type = "aws.kms.key",
      .policies = {"aws-kms-key-rotation-disabled"},
      .summary = "turn on automatic rotation of the customer-managed key",
      .undo_text = "turn automatic rotation off again",
      .operations = {{"kms", "EnableKeyRotation"}, {"kms", "DisableKeyRotation"}},
      .precondition = kms_precondition,
      .backup = kms_backup,
      .calls = kms_calls,
      .undo = kms_undo};
  return action;
}

const FixAction& cloudtrail_log_validation() {
  static const FixAction action{.id = "cloudtrail-log-validation",
                                .resource_type = "aws.cloudtrail.trail",
                                .policies = {"aws-cloudtrail-log-file-validation"},
                                .summary = "turn on log file integrity validation of the trail",
                                .undo_text = "turn log file validation off again",
                                .operations = {{"cloudtrail", "UpdateTrail"}},
                                .precondition = trail_precondition,
                                .backup = trail_backup,
                                .calls = trail_calls,
                                .undo = trail_undo};
  return action;
}

const FixAction& rds_not_public() {
  static const FixAction action{
      .id = "rds-not-public",
      .resource_type = "aws.rds.db-instance",
      .policies = {"aws-rds-instance-publicly-accessible"},
      .summary = "make the DB instance not publicly accessible (applied immediately)",
      .undo_text = "make it publicly accessible again (applied immediately)",
      .operations = {{"rds", "ModifyDBInstance"}},
      .precondition = rds_precondition,
      .backup = rds_backup,
      .calls = rds_calls,
      .undo = rds_undo};
  return action;
}

}  // namespace vigil::fix
