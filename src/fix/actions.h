// The fix actions Vigil ships (one file per service, actions_<service>.cpp).
// registry.h lists them; each is documented in docs/autofix.md.
#pragma once

#include <string_view>

#include "fix/action.h"

namespace vigil::fix {

const FixAction& s3_block_public_access();    // PutPublicAccessBlock on the bucket
const FixAction& s3_remove_public_acl_grants();  // PutBucketAcl without the public groups' grants
const FixAction& s3_remove_public_policy_statements();  // PutBucketPolicy without public statements
const FixAction& ec2_revoke_world_ingress();  // RevokeSecurityGroupIngress of the offending rules
const FixAction& ec2_snapshot_private();      // ModifySnapshotAttribute remove group "all"
const FixAction& ec2_image_private();         // ModifyImageAttribute remove launch group "all"
const FixAction& ec2_ebs_encryption_by_default();  // EnableEbsEncryptionByDefault per region
const FixAction& iam_deactivate_unused_keys();     // UpdateAccessKey Inactive
const FixAction& kms_enable_rotation();            // EnableKeyRotation
const FixAction& cloudtrail_log_validation();      // UpdateTrail EnableLogFileValidation
const FixAction& rds_not_public();                 // ModifyDBInstance PubliclyAccessible=false
const FixAction& ec2_vpc_flow_logs();              // CreateFlowLogs to vigil.yaml's fixes.flow_logs

// Helpers of the action files. Private to src/fix.
// Whether the collection of `part` ("config.PublicAccessBlock") failed on
// the asset (an `errors` entry naming it or a parent): its value is unknown.
bool part_failed(const Target& target, std::string_view part);
// config[key] as a string, or an Unavailable error naming what is missing.
Result<std::string> config_string(const Target& target, std::string_view key);

}  // namespace vigil::fix
