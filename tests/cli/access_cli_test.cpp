// vigil access explain: who outside the company can reach a resource, from a
// capture, and what it says when the policy could not be collected.
#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace vigil::cli_testing {
namespace {

using json = nlohmann::json;

TEST_F(Cli, AccessExplainNamesWhoGetsInAndWhy) {
  Outcome out =
      vigil("access explain --capture examples/estate arn:aws:s3:::acme-prod-assets --format json");
  ASSERT_EQ(out.code, 0) << out.err;
  json r = json::parse(out.out);
  EXPECT_TRUE(r["public"].get<bool>());
  EXPECT_EQ(r["policy"], "config.BucketPolicy.Policy");
  ASSERT_GE(r["findings"].size(), 1u);
  EXPECT_EQ(r["findings"][0]["kind"], "anonymous");
  EXPECT_NE(r["findings"][0]["why"].get<std::string>().find(
                "Sid PublicReadGetObject lets anyone (anonymous) in"),
            std::string::npos)
      << r.dump(2);

  Outcome table = vigil(
      "access explain --capture examples/estate arn:aws:iam::222222222222:role/vendor-integration");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("PUBLIC: anyone can get in"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("any AWS account"), std::string::npos) << table.out;
}

TEST_F(Cli, AccessExplainOfAPolicyNotCollectedIsUnknownNeverPrivate) {
  Outcome out = vigil("access explain --capture examples/estate arn:aws:s3:::acme-prod-reports");
  EXPECT_EQ(out.code, 1);
  EXPECT_NE(
      out.err.find("config.BucketPolicy could not be collected (GetBucketPolicy: AccessDenied"),
      std::string::npos)
      << out.err;
  EXPECT_NE(out.err.find("who can reach it is unknown"), std::string::npos) << out.err;
}

TEST_F(Cli, AccessExplainRefusesAnUnknownAssetOrType) {
  Outcome missing = vigil("access explain --capture examples/estate arn:aws:s3:::no-such-bucket");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no asset with id"), std::string::npos) << missing.err;
  Outcome account =
      vigil("access explain --capture examples/estate arn:aws:iam::111111111111:root");
  EXPECT_EQ(account.code, 1);
  EXPECT_NE(account.err.find("access explain reads the resource policies of"), std::string::npos)
      << account.err;
}

// Whether an organization condition keeps outsiders out depends on whose
// organization it names: unknown until the company's is given, then decided.
TEST_F(Cli, TheCompanysOrganizationDecidesOrganizationConditions) {
  json queue = {
      {"id", "arn:aws:sqs:us-east-1:111111111111:orders"},
      {"type", "aws.sqs.queue"},
      {"account", "111111111111"},
      {"region", "us-east-1"},
      {"name", "orders"},
      {"config",
       {{"QueueAttributes",
         {{"Attributes",
           {{"Policy",
             {{"Version", "2012-10-17"},
              {"Statement",
               {{{"Effect", "Allow"},
                 {"Principal", "*"},
                 {"Action", "sqs:SendMessage"},
                 {"Resource", "*"},
                 {"Condition",
                  {{"StringEquals", {{"aws:PrincipalOrgID", "o-a1b2c3d4e5"}}}}}}}}}}}}}}}}};
  std::string inventory = write("inventory.jsonl", queue.dump() + "\n");
  auto status = [&](const std::string& flags) {
    Outcome out = vigil("scan --inventory '" + inventory + "' --format json " + flags);
    EXPECT_EQ(out.code, 0) << out.err;
    json report = json::parse(out.out);
    for (const json& f : report["findings"])
      if (f["policy"]["id"] == "aws-sqs-queue-outside-access")
        return f["status"].get<std::string>() + ": " + f["message"].get<std::string>();
    return std::string("no finding");
  };
  std::string unknown = status("");
  EXPECT_EQ(unknown.rfind("unknown: the policy admits organization o-a1b2c3d4e5", 0), 0u)
      << unknown;
  EXPECT_NE(unknown.find("set company.organization in vigil.yaml"), std::string::npos) << unknown;
  EXPECT_EQ(status("--organization o-a1b2c3d4e5").substr(0, 10), "compliant:");
  std::string other = status("--organization o-zzzzzzzzzz");
  EXPECT_EQ(
      other.rfind("violation: queue orders: statement 1 lets organization o-a1b2c3d4e5 in", 0), 0u)
      << other;
  Outcome bad = vigil("scan --inventory '" + inventory + "' --organization acme");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("--organization 'acme'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace vigil::cli_testing
