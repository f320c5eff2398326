// The registry is consistent with the policy pack, and the opt-in IAM
// policy (deploy/aws/vigil-fix-policy.json) covers every call any fix can
// make, plan or undo, and is exactly what the code generates.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fix/iam_permissions.h"
#include "fix/registry.h"
#include "policy/policy_set.h"

namespace vigil::fix {
namespace {

TEST(FixRegistry, IdsUniqueAndEveryServedPolicyExistsForItsType) {
  auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
  ASSERT_TRUE(loaded.ok());
  std::set<std::string_view> ids, policies;
  for (const FixAction* a : fix_actions()) {
    EXPECT_TRUE(ids.insert(a->id).second) << a->id;
    for (std::string_view p : a->policies) {
      const CompiledPolicy* policy = loaded.set.find(p);
      ASSERT_NE(policy, nullptr) << p;
      EXPECT_EQ(policy->policy.resource, a->resource_type) << p;
      // A policy served by several actions defaults to the first registered.
      if (policies.insert(p).second) EXPECT_EQ(action_for_policy(p), a) << p;
    }
    EXPECT_EQ(find_action(a->id), a);
  }
  EXPECT_GE(fix_actions().size(), 5u);
}

TEST(FixIamPolicy, CoversEveryCallAndMatchesTheCommittedFile) {
  auto text = fix_policy_json();
  ASSERT_TRUE(text.ok()) << text.error().message;
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/deploy/aws/vigil-fix-policy.json");
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), *text)
      << "regenerate: vigil fix iam-policy > deploy/aws/vigil-fix-policy.json";
  auto policy = nlohmann::json::parse(*text);
  std::set<std::string> allowed;
  for (const auto& a : policy["Statement"][0]["Action"]) allowed.insert(a.get<std::string>());
  for (const FixAction* a : fix_actions())
    for (const Operation& op : a->operations) {
      auto action = fix_iam_action(op.service, op.operation);
      ASSERT_TRUE(action.ok());
      EXPECT_TRUE(allowed.count(*action)) << op.service << " " << op.operation;
    }
  EXPECT_TRUE(allowed.count("s3:PutBucketPublicAccessBlock"));  // AWS's name for both S3 calls
  EXPECT_FALSE(allowed.count("s3:PutPublicAccessBlock"));
  EXPECT_TRUE(allowed.count("sts:GetCallerIdentity"));
}

}  // namespace
}  // namespace vigil::fix
