// run_policy_tests: the `tests:` cases inside policy files.
#include <gtest/gtest.h>

#include "policy/test_runner.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

const char* kPolicy = R"(id: aws-iam-access-key-age
title: IAM access keys are rotated
resource: aws.iam.user
severity: medium
category: security
enabled: false
params:
  max_age: {type: duration, default: 90d}
let:
  old_keys: |
    resource.config.AccessKeys.AccessKeyMetadata.filter(k, k.Status == "Active" &&
      now - timestamp(k.CreateDate) > params.max_age)
condition: size(old_keys) > 0
message: "keys older than {{ params.max_age }}: {{ old_keys.map(k, k.AccessKeyId) }}"
tests:
  - name: old active key
    asset:
      config:
        AccessKeys: {AccessKeyMetadata: [{AccessKeyId: AKIA1, Status: Active, CreateDate: "2025-01-01T00:00:00Z"}]}
    expect: violation
  - name: recent key
    asset:
      config:
        AccessKeys: {AccessKeyMetadata: [{AccessKeyId: AKIA2, Status: Active, CreateDate: "2025-12-01T00:00:00Z"}]}
    expect: compliant
  - name: stricter deployment
    asset:
      config:
        AccessKeys: {AccessKeyMetadata: [{AccessKeyId: AKIA2, Status: Active, CreateDate: "2025-12-01T00:00:00Z"}]}
    params: {max_age: 7d}
    expect: violation
  - name: scan time in the past
    asset:
      config:
        AccessKeys: {AccessKeyMetadata: [{AccessKeyId: AKIA1, Status: Active, CreateDate: "2025-01-01T00:00:00Z"}]}
    now: 2025-02-01T00:00:00Z
    expect: compliant
  - name: collection failed
    asset:
      config: {}
      errors: [{part: config.AccessKeys, operation: ListAccessKeys, code: Throttling, message: slow down}]
    expect: unknown
  - name: wrong expectation
    asset:
      config: {AccessKeys: {AccessKeyMetadata: []}}
    expect: violation
  - name: broken asset
    asset: {id: 42}
    expect: compliant
)";

const char* kRelated = R"(id: ec2-volumes-encrypted
title: Volumes attached to instances are encrypted
resource: aws.ec2.instance
severity: high
category: security
condition: related('volumes').exists(v, !v.config.Encrypted) || size(assets('aws.ec2.volume')) != 2
tests:
  - name: one plain volume
    asset: {account: "111", relationships: {volumes: [vol-a, vol-b]}}
    related:
      - {id: vol-a, type: aws.ec2.volume, config: {Encrypted: true}}
      - {id: vol-b, type: aws.ec2.volume, config: {Encrypted: false}}
    expect: violation
  - name: all encrypted
    asset: {id: i-9, relationships: {volumes: [vol-a]}}
    related:
      - {id: vol-a, type: aws.ec2.volume, config: {Encrypted: true}}
      - {type: aws.ec2.volume, config: {Encrypted: true}}
    expect: compliant
  - name: related asset without type
    asset: {}
    related: [{id: v}]
    expect: compliant
)";

TEST(PolicyTestRunner, RunsEveryCaseWithDefaultsOverridesAndErrors) {
  LoadOptions options;
  options.include_disabled = true;  // tests of disabled policies still run
  auto r = PolicySet::load_text(kPolicy, "iam.yaml", options);
  ASSERT_TRUE(r.ok()) << render_all(r);
  auto results = run_policy_tests(r.set);
  ASSERT_EQ(results.size(), 7u);
  for (const auto& res : results) EXPECT_EQ(res.policy_id, "aws-iam-access-key-age");

  EXPECT_TRUE(results[0].passed) << results[0].actual.message << results[0].error;
  EXPECT_EQ(results[0].actual.message, "keys older than duration(\"7776000s\"): AKIA1");
  EXPECT_EQ(results[0].test_name, "old active key");
  EXPECT_EQ(results[0].pos.line, 16);
  EXPECT_TRUE(results[1].passed) << results[1].actual.message;
  EXPECT_TRUE(results[2].passed) << results[2].actual.message;
  EXPECT_EQ(results[2].actual.message, "keys older than duration(\"604800s\"): AKIA2");
  EXPECT_TRUE(results[3].passed) << results[3].actual.message;
  EXPECT_TRUE(results[4].passed) << results[4].actual.message;
  EXPECT_NE(results[4].actual.message.find("ListAccessKeys: Throttling"), std::string::npos);

  EXPECT_FALSE(results[5].passed);
  EXPECT_EQ(results[5].expected, Expect::Violation);
  EXPECT_EQ(results[5].actual.status, FindingStatus::Compliant);
  EXPECT_TRUE(results[5].error.empty());

  EXPECT_FALSE(results[6].passed);
  EXPECT_NE(results[6].error.find("test asset"), std::string::npos) << results[6].error;
  EXPECT_NE(results[6].error.find("id"), std::string::npos) << results[6].error;
}

TEST(PolicyTestRunner, RelatedAssetsShareTheAccountOfTheTestAsset) {
  auto r = PolicySet::load_text(kRelated, "ec2.yaml");
  ASSERT_TRUE(r.ok()) << render_all(r);
  auto results = run_policy_tests(r.set);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].passed) << results[0].actual.message << results[0].error;
  EXPECT_TRUE(results[1].passed) << results[1].actual.message << results[1].error;
  EXPECT_FALSE(results[2].passed);
  EXPECT_NE(results[2].error.find("related asset #1"), std::string::npos) << results[2].error;
}

TEST(PolicyTestRunner, DisabledPoliciesAreNotInASetLoadedWithoutThem) {
  auto r = PolicySet::load_text(kPolicy, "iam.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(run_policy_tests(r.set).empty());
}

}  // namespace
}  // namespace vigil
