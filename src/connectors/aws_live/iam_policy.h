// The IAM policies users deploy so Vigil can collect (deploy/aws/), generated
// from the catalog: every list call, per-resource call and account setting
// the collector makes (plus the calls it makes around them) becomes one IAM
// action, so the policy can never drift from what Vigil reads.
//
// Contract:
//  - iam_action(service, operation) maps a catalog call to its IAM action:
//    "<prefix>:<Operation>" with the service's IAM prefix (elbv2 ->
//    elasticloadbalancing, opensearch -> es, ...), except the few actions
//    AWS names differently (s3 ListBuckets -> s3:ListAllMyBuckets, s3
//    GetBucketEncryption -> s3:GetEncryptionConfiguration, ...). An unknown
//    service is an Error (a new catalog service must add its prefix here).
//  - readonly_policy_json() / trust_policy_json() are the exact text of
//    deploy/aws/vigil-readonly-policy.json and
//    vigil-readonly-trust-policy.json (tests compare the committed files).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::aws {

Result<std::string> iam_action(std::string_view service, std::string_view operation);

// Every IAM action the collector needs in a collected account, sorted, unique.
Result<std::vector<std::string>> collector_iam_actions();

// The permissions policy of the vigil-readonly role (JSON, 2-space indent, final newline).
Result<std::string> readonly_policy_json();

// An IAM policy document (JSON, 2-space indented, newline-terminated) with
// one statement `sid` allowing `actions` on every resource: the shape of
// the read-only collection policy and of the fixes' policy.
std::string allow_policy_json(std::string_view sid, const std::vector<std::string>& actions);

// The trust policy of the vigil-readonly role: the collector's account may
// assume it with the external id. Placeholders are kept when arguments are empty:
// "arn:aws:iam::<COLLECTOR_ACCOUNT_ID>:root" and "<EXTERNAL_ID>".
std::string trust_policy_json(std::string_view collector_account = {}, std::string_view external_id = {});

}  // namespace vigil::aws
