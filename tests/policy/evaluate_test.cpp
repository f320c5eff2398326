// evaluate_policy outcomes, message templates and Vigil's inventory
// functions (related, assets, account, asset).
#include <gtest/gtest.h>

#include "policy/evaluate.h"
#include "policy/vigil_functions.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

// An inventory built from JSON texts.
Inventory inventory_of(const std::vector<std::string>& assets) {
  Inventory inv;
  for (const auto& text : assets) {
    auto a = Asset::parse(text);
    EXPECT_TRUE(a.ok()) << a.error().message << " in " << text;
    if (a.ok()) {
      EXPECT_TRUE(inv.add(std::move(a.value())).ok());
    }
  }
  inv.finalize();
  return inv;
}

const cel::Value kNow = cel::Value::timestamp(1767225600, 0);  // 2026-01-01T00:00:00Z

class EvaluateTest : public ::testing::Test {
 protected:
  // Loads one policy whose body (after the header) is `body`.
  const CompiledPolicy& load(const std::string& body,
                             const std::string& resource = "aws.s3.bucket") {
    result_ = PolicySet::load_text("id: p\ntitle: The title\nresource: " + resource +
                                       "\nseverity: high\ncategory: security\n" + body,
                                   "p.yaml");
    EXPECT_TRUE(result_.ok()) << render_all(result_);
    static const CompiledPolicy* none = nullptr;
    if (result_.set.policies().empty()) {
      ADD_FAILURE() << "policy did not load";
      return *none;
    }
    return *result_.set.policies()[0];
  }
  PolicySet::LoadResult result_;
};

const std::string kBucket =
    R"({"id": "arn:aws:s3:::logs", "type": "aws.s3.bucket", "account": "111",
  "region": "eu-west-1", "name": "logs",
  "config": {"Acl": "public-read", "Rules": [{"Port": 22}, {"Port": 443}]}})";

TEST_F(EvaluateTest, TrueIsAViolationWithTheTitleWhenNoTemplate) {
  const auto& p = load("condition: resource.config.Acl == 'public-read'\n");
  Inventory inv = inventory_of({kBucket});
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Violation);
  EXPECT_EQ(e.message, "The title");
  EXPECT_EQ(to_string(e.status), "violation");
}

TEST_F(EvaluateTest, FalseIsCompliantWithoutMessage) {
  const auto& p = load("condition: resource.config.Acl == 'private'\nmessage: 'never {{ 1 }}'\n");
  Inventory inv = inventory_of({kBucket});
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Compliant);
  EXPECT_EQ(e.message, "");
}

TEST_F(EvaluateTest, MissingFieldIsUnknownWithTheError) {
  const auto& p = load("condition: resource.config.Foo == 1\n");
  Inventory inv = inventory_of({kBucket});
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Unknown);
  EXPECT_NE(e.message.find("no such key"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("Foo"), std::string::npos) << e.message;
}

TEST_F(EvaluateTest, NonBoolResultIsUnknown) {
  const auto& p = load("condition: resource.config.Acl\n");
  Inventory inv = inventory_of({kBucket});
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Unknown);
  EXPECT_EQ(e.message, "condition returned string (\"public-read\"), expected a bool");
}

TEST_F(EvaluateTest, UnavailablePartIsUnknownNeverCompliant) {
  const auto& p = load(
      "condition: |\n"
      "  has(resource.config.BucketPolicy.Policy.Statement) &&\n"
      "    resource.config.BucketPolicy.Policy.Statement.exists(s, s.Principal == '*')\n");
  Inventory inv = inventory_of({R"({"id": "b", "type": "aws.s3.bucket", "config": {},
    "errors": [{"part": "config.BucketPolicy", "operation": "GetBucketPolicy",
                "code": "AccessDenied", "message": "not authorized"}]})"});
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Unknown);
  EXPECT_NE(e.message.find("collection failed: GetBucketPolicy: AccessDenied"), std::string::npos)
      << e.message;
}

// Reproduced on main: the placeholder of a failed listing
// (vigil:collection-failed/...) got a VIOLATION from a condition that reads
// only its region, and was counted in the summary, --fail-on and the scores.
TEST_F(EvaluateTest, APlaceholderOfAFailedListingIsAlwaysUnknown) {
  const auto& p = load("condition: resource.region != 'eu-west-1'\n", "aws.ec2.volume");
  Inventory inv =
      inventory_of({R"({"id": "vigil:collection-failed/111111111111/us-east-1/aws.ec2.volume",
    "type": "aws.ec2.volume", "account": "111111111111", "region": "us-east-1", "config": {},
    "errors": [{"part": "config", "operation": "DescribeVolumes", "code": "RequestLimitExceeded",
                "message": "Request limit exceeded."}]})"});
  ASSERT_TRUE(inv.at(0).is_placeholder());
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Unknown);
  EXPECT_NE(e.message.find("listing of aws.ec2.volume in 111111111111/us-east-1 failed"),
            std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("RequestLimitExceeded"), std::string::npos) << e.message;
  EXPECT_EQ(Asset::placeholder_id("1", "r", "t"), "vigil:collection-failed/1/r/t");
}

TEST_F(EvaluateTest, ErrorAbsorbedByOrIsNotUnknown) {
  const auto& p =
      load("condition: resource.config.Nope == 1 || resource.config.Acl == 'public-read'\n");
  Inventory inv = inventory_of({kBucket});
  EXPECT_EQ(evaluate_policy(p, inv.at(0), inv, kNow).status, FindingStatus::Violation);
}

TEST_F(EvaluateTest, ParamsLetsAndNow) {
  const auto& p = load(
      "params:\n"
      "  ports: {type: list, default: [22, 3389]}\n"
      "  max_age: {type: duration, default: 90d}\n"
      "let:\n"
      "  admin: resource.config.Rules.filter(r, r.Port in params.ports)\n"
      "  old: now - timestamp('2025-01-01T00:00:00Z') > params.max_age\n"
      "condition: size(admin) > 0 && old\n"
      "message: 'ports {{ admin.map(r, r.Port) }} open; age {{ now - "
      "timestamp(\"2025-01-01T00:00:00Z\") }}'\n");
  Inventory inv = inventory_of({kBucket});
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Violation);
  EXPECT_EQ(e.message, "ports 22 open; age duration(\"31536000s\")");
}

TEST_F(EvaluateTest, MessageRendersStringsListsAndErrors) {
  const auto& p = load(
      "condition: 'true'\n"
      "message: \"{{ resource.name }}: {{ ['a', 'b'] }} {{ 1.5 }} {{ {'k': 1} }} "
      "{{ resource.config.Missing }} {{ optional.of('x') }} {{ optional.none() }}\"\n");
  Inventory inv = inventory_of({kBucket});
  Evaluation e = evaluate_policy(p, inv.at(0), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Violation);
  EXPECT_EQ(e.message.substr(0, 24), "logs: a, b 1.5 {\"k\": 1} ");
  EXPECT_NE(e.message.find("<error: "), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("> x <none>"), std::string::npos) << e.message;
}

TEST_F(EvaluateTest, TemplateBracesInsideExpressions) {
  const auto& p = load("condition: 'true'\nmessage: 'v={{ {\"a\": {\"b\": \"}}\"}}.a.b }}!'\n");
  Inventory inv = inventory_of({kBucket});
  EXPECT_EQ(evaluate_policy(p, inv.at(0), inv, kNow).message, "v=}}!");
}

const std::vector<std::string> kEc2 = {
    R"({"id": "i-1", "type": "aws.ec2.instance", "account": "111", "region": "eu-west-1",
       "config": {}, "relationships": {"volumes": ["vol-1", "vol-2"]}})",
    R"({"id": "vol-1", "type": "aws.ec2.volume", "account": "111", "config": {"Encrypted": true}})",
    R"({"id": "vol-2", "type": "aws.ec2.volume", "account": "111", "config": {"Encrypted": false}})",
    R"({"id": "vol-9", "type": "aws.ec2.volume", "account": "222", "config": {"Encrypted": false}})",
    R"({"id": "acct-111", "type": "aws.account", "account": "111",
       "config": {"AccountPasswordPolicy": {"PasswordPolicy": {"MinimumPasswordLength": 8}}}})",
    R"({"id": "i-2", "type": "aws.ec2.instance", "account": "333", "config": {},
       "relationships": {"volumes": ["vol-1", "vol-404"]}})"};

TEST_F(EvaluateTest, RelatedFollowsRelationships) {
  const auto& p = load(
      "condition: related('volumes').exists(v, !v.config.Encrypted)\n"
      "message: 'unencrypted: {{ related(\"volumes\").filter(v, !v.config.Encrypted).map(v, v.id) "
      "}}'\n",
      "aws.ec2.instance");
  Inventory inv = inventory_of(kEc2);
  Evaluation e = evaluate_policy(p, *inv.find("i-1"), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Violation);
  EXPECT_EQ(e.message, "unencrypted: vol-2");
}

TEST_F(EvaluateTest, RelatedWithAMissingAssetIsUnknown) {
  const auto& p =
      load("condition: related('volumes').exists(v, !v.config.Encrypted)\n", "aws.ec2.instance");
  Inventory inv = inventory_of(kEc2);
  Evaluation e = evaluate_policy(p, *inv.find("i-2"), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Unknown);
  EXPECT_EQ(e.message, "related('volumes'): 1 of 2 related assets of i-2 are not in the inventory");
}

TEST_F(EvaluateTest, RelatedWithNoRelationshipIsEmpty) {
  const auto& p = load("condition: size(related('snapshots')) == 0\n", "aws.ec2.instance");
  Inventory inv = inventory_of(kEc2);
  EXPECT_EQ(evaluate_policy(p, *inv.find("i-1"), inv, kNow).status, FindingStatus::Violation);
}

TEST_F(EvaluateTest, AssetsOfTypeInTheSameAccount) {
  const auto& p = load(
      "condition: assets('aws.ec2.volume').exists(v, !v.config.Encrypted)\n"
      "message: '{{ assets(\"aws.ec2.volume\").map(v, v.id) }}'\n",
      "aws.ec2.instance");
  Inventory inv = inventory_of(kEc2);
  Evaluation e = evaluate_policy(p, *inv.find("i-1"), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Violation);
  EXPECT_EQ(e.message, "vol-1, vol-2");  // not vol-9 of account 222
}

TEST_F(EvaluateTest, AccountAndItsAbsence) {
  const auto& p = load(
      "condition: account().config.AccountPasswordPolicy.PasswordPolicy.MinimumPasswordLength < "
      "14\n",
      "aws.ec2.instance");
  Inventory inv = inventory_of(kEc2);
  EXPECT_EQ(evaluate_policy(p, *inv.find("i-1"), inv, kNow).status, FindingStatus::Violation);
  Evaluation e = evaluate_policy(p, *inv.find("i-2"), inv, kNow);
  EXPECT_EQ(e.status, FindingStatus::Unknown);
  EXPECT_EQ(e.message, "account(): no aws.account asset for account '333' in the inventory");
}

TEST_F(EvaluateTest, AssetByIdIsOptional) {
  const auto& p = load(
      "condition: |\n"
      "  asset('vol-2').hasValue() && !asset('vol-2').value().config.Encrypted &&\n"
      "  !asset('nope').hasValue() && asset('nope').orValue({'id': 'x'}).id == 'x'\n",
      "aws.ec2.instance");
  Inventory inv = inventory_of(kEc2);
  EXPECT_EQ(evaluate_policy(p, *inv.find("i-1"), inv, kNow).status, FindingStatus::Violation);
}

TEST(VigilFunctions, WithoutAHostTheyAreErrors) {
  const auto* related = policy_functions().find("related", cel::CallStyle::Global, 1);
  ASSERT_NE(related, nullptr);
  cel::Value arg = cel::Value::string("volumes");
  cel::Value v = (*related)(std::span<const cel::Value>(&arg, 1), cel::CallContext{});
  ASSERT_TRUE(v.is_error());
  EXPECT_NE(v.error_message().find("needs the inventory"), std::string::npos);
  EXPECT_NE(policy_functions().find("size", cel::CallStyle::Global, 1), nullptr);  // builtins kept
}

}  // namespace
}  // namespace vigil
