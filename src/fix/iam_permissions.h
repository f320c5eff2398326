// The IAM permissions the fixes need (deploy/aws/vigil-fix-policy.json), a
// separate, opt-in role policy beside the read-only one: one action per
// call any registered fix can make (FixAction::operations, plan and undo),
// plus the read-only collector's own (verification re-reads through the
// collector, deploy/aws/vigil-readonly-policy.json: attach both).
//
// Contract
//  - fix_iam_action() maps a call to its IAM action: the collector's
//    mapping (aws_live/iam_policy.h) except where AWS names the permission
//    differently (s3 PutPublicAccessBlock and DeletePublicAccessBlock ->
//    s3:PutBucketPublicAccessBlock).
//  - fix_policy_json() is the exact text of the committed file (a test
//    compares them, and checks every registry call is covered).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::fix {

Result<std::string> fix_iam_action(std::string_view service, std::string_view operation);
Result<std::vector<std::string>> fix_iam_actions();  // sorted, unique
Result<std::string> fix_policy_json();               // 2-space JSON, final newline

}  // namespace vigil::fix
