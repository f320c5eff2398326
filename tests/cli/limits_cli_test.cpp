// --limit NAME=VALUE sets the bounds of docs/limits.md on the command line:
// a condition past its evaluation budget is unknown with the reason, a bad
// name or value is a usage error listing the limits.
#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace vigil::cli_testing {
namespace {

using json = nlohmann::json;

class Limits : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    if (IsSkipped()) return;
    std::ofstream(dir_ / "policy.yaml")
        << "id: t-many-grants\n"
           "title: A grant to everyone\n"
           "resource: aws.s3.bucket\n"
           "severity: high\n"
           "category: security\n"
           "condition: resource.config.Grants.exists(g, g == 'everyone')\n";
    json grants = json::array();
    for (int i = 0; i < 200; ++i) grants.push_back("user-" + std::to_string(i));
    json asset = {{"id", "arn:aws:s3:::b"},
                  {"type", "aws.s3.bucket"},
                  {"account", "111111111111"},
                  {"region", "us-east-1"},
                  {"config", {{"Grants", grants}}}};
    std::ofstream(dir_ / "inventory.jsonl") << asset.dump() << "\n";
  }
  std::string scan(const std::string& extra) {
    return "scan --inventory '" + (dir_ / "inventory.jsonl").string() + "' --policies '" +
           (dir_ / "policy.yaml").string() + "' --format json --now 2026-12-01T00:00:00Z " + extra;
  }
};

TEST_F(Limits, AnEvaluationPastItsStepLimitIsUnknownWithTheReason) {
  Outcome normal = vigil(scan(""));
  ASSERT_EQ(normal.code, 0) << normal.err;
  EXPECT_EQ(json::parse(normal.out)["findings"][0]["status"], "compliant");

  Outcome bounded = vigil(scan("--limit evaluation_steps=50"));
  ASSERT_EQ(bounded.code, 0) << bounded.err;
  json finding = json::parse(bounded.out)["findings"][0];
  EXPECT_EQ(finding["status"], "unknown");
  EXPECT_NE(finding["message"].get<std::string>().find("more than 50 steps"), std::string::npos)
      << finding;
}

TEST_F(Limits, ABadLimitIsAUsageErrorListingTheLimits) {
  Outcome name = vigil(scan("--limit evaluation_step=50"));
  EXPECT_NE(name.code, 0);
  EXPECT_NE(name.err.find("evaluation_steps, evaluation_bytes"), std::string::npos) << name.err;
  Outcome value = vigil(scan("--limit http_response_bytes=lots"));
  EXPECT_NE(value.code, 0);
  EXPECT_NE(value.err.find("KiB, MiB or GiB"), std::string::npos) << value.err;
  Outcome collect = vigil("collect aws --out x --limit listing_pages=0");
  EXPECT_NE(collect.code, 0);
  EXPECT_NE(collect.err.find("a positive whole number"), std::string::npos) << collect.err;
}

// The static cost estimate (cel/cost.h) warns before anything runs, at the
// comprehension that dominates; the bundled policies get no such warning.
TEST_F(Limits, PolicyValidateWarnsAboutAConditionCostlyByItself) {
  std::ofstream(dir_ / "costly.yaml")
      << "id: t-costly\ntitle: Costly\nresource: aws.s3.bucket\nseverity: low\n"
         "category: security\n"
         "condition: lists.range(1000000).all(x, lists.range(1000000).all(y, true))\n";
  Outcome r = vigil("policy validate '" + (dir_ / "costly.yaml").string() + "'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("costly.yaml:6:33: warning: the condition may need up to 4.0e+12 "
                       "evaluation steps"),
            std::string::npos)
      << r.err;
  Outcome bundled = vigil("policy validate policies/");
  EXPECT_EQ(bundled.code, 0);
  EXPECT_EQ(bundled.err.find("warning"), std::string::npos) << bundled.err;
}

}  // namespace
}  // namespace vigil::cli_testing
