// framework_results (engine/framework_results.h): each control judged per
// account on its own policies' findings; unknown is never a pass.
#include "engine/framework_results.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine_fixture.h"

namespace vigil {
namespace {

constexpr const char* kCatalog = R"(id: demo-1.0
name: Demo framework
version: "1.0"
controls:
  - {id: "1", title: "No open SSH", level: L1, assessment: automated}
  - {id: "2", title: "Volumes encrypted", level: L1, assessment: automated}
  - {id: "3", title: "Read the policy", level: L1, assessment: manual}
  - {id: "4", title: "Nobody checks this yet", level: L2, assessment: automated}
)";

constexpr const char* kFrameworkPolicies = R"(
id: t-open-ssh
title: SSH open
resource: aws.ec2.security-group
severity: high
category: security
frameworks: {demo-1.0: ["1"]}
condition: resource.config.Port == 22
---
id: t-unencrypted
title: Unencrypted
resource: aws.ec2.volume
severity: medium
category: security
frameworks: {demo-1.0: ["2"]}
condition: resource.config.Encrypted == false
)";

FrameworkCatalog catalog() {
  // One folder per process: ctest runs the cases of this file in parallel.
  auto dir = std::filesystem::temp_directory_path() /
             ("vigil-framework-results-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "demo.yaml") << kCatalog;
  auto loaded = load_framework_catalog((dir / "demo.yaml").string());
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
  return loaded.ok() ? std::move(loaded.value()) : FrameworkCatalog{};
}

const ControlResult& result(const FrameworkResults& r, std::string_view control,
                            std::string_view account) {
  for (const ControlResult& c : r.results)
    if (c.control->id == control && c.account == account) return c;
  static ControlResult none;
  ADD_FAILURE() << "no result for " << control << " in " << account;
  return none;
}

TEST(FrameworkResults, EachControlPerAccount) {
  FrameworkCatalog framework = catalog();
  PolicySet policies = testing::load_policies(kFrameworkPolicies);
  Inventory inventory = testing::make_inventory({
      R"({"id":"sg-a","type":"aws.ec2.security-group","account":"111","region":"r","config":{"Port":22}})",
      R"({"id":"sg-b","type":"aws.ec2.security-group","account":"222","region":"r","config":{"Port":443}})",
      R"({"id":"vol-b","type":"aws.ec2.volume","account":"222","region":"r","config":{}})",
      R"({"id":"vol-a","type":"aws.ec2.volume","account":"111","region":"r","config":{"Encrypted":true}})",
  });
  ScanResult scan = vigil::scan(inventory, policies);
  FrameworkResults r = framework_results(framework, policies, inventory, scan);
  ASSERT_EQ(r.accounts, (std::vector<std::string>{"111", "222"}));
  ASSERT_EQ(r.results.size(), 8u);  // 4 controls x 2 accounts, catalogue order first
  EXPECT_EQ(r.results[0].control->id, "1");
  EXPECT_EQ(r.results[1].control->id, "1");

  EXPECT_EQ(result(r, "1", "111").status, ControlStatus::Fail);
  ASSERT_EQ(result(r, "1", "111").evidence.size(), 1u);
  EXPECT_EQ(result(r, "1", "111").evidence[0].asset, "sg-a");
  EXPECT_EQ(result(r, "1", "222").status, ControlStatus::Pass);
  EXPECT_EQ(result(r, "1", "222").compliant, 1u);
  // vol-b has no Encrypted member: the condition errors, so unknown, not pass.
  EXPECT_EQ(result(r, "2", "222").status, ControlStatus::Unknown);
  EXPECT_EQ(result(r, "2", "222").evidence.size(), 1u);
  EXPECT_EQ(result(r, "2", "111").status, ControlStatus::Pass);
  EXPECT_EQ(result(r, "3", "111").status, ControlStatus::Manual);
  EXPECT_EQ(result(r, "4", "222").status, ControlStatus::NoPolicy);

  // Judged: controls 1 and 2 in two accounts; passes: 1/222 and 2/111.
  EXPECT_DOUBLE_EQ(r.pass_rate(), 0.5);
  EXPECT_EQ(r.count(ControlStatus::Fail), 1u);
}

TEST(FrameworkResults, NoResourceInAnAccountPassesWithNoneCounted) {
  FrameworkCatalog framework = catalog();
  PolicySet policies = testing::load_policies(kFrameworkPolicies);
  Inventory inventory = testing::make_inventory({
      R"({"id":"sg-a","type":"aws.ec2.security-group","account":"111","region":"r","config":{"Port":443}})",
  });
  ScanResult scan = vigil::scan(inventory, policies);
  FrameworkResults r = framework_results(framework, policies, inventory, scan);
  EXPECT_EQ(result(r, "2", "111").status, ControlStatus::Pass);
  EXPECT_EQ(result(r, "2", "111").compliant, 0u);
}

TEST(FrameworkResults, OneAccountAsked) {
  FrameworkCatalog framework = catalog();
  PolicySet policies = testing::load_policies(kFrameworkPolicies);
  Inventory inventory = testing::make_inventory({
      R"({"id":"sg-a","type":"aws.ec2.security-group","account":"111","region":"r","config":{"Port":22}})",
      R"({"id":"sg-b","type":"aws.ec2.security-group","account":"222","region":"r","config":{"Port":22}})",
  });
  ScanResult scan = vigil::scan(inventory, policies);
  FrameworkResults r = framework_results(framework, policies, inventory, scan, "222");
  ASSERT_EQ(r.accounts, (std::vector<std::string>{"222"}));
  ASSERT_EQ(r.results.size(), 4u);
  EXPECT_EQ(result(r, "1", "222").evidence[0].asset, "sg-b");
}

// A tally as the store gives it: judged the same way as a scan's.
TEST(FrameworkResults, ExemptedViolationsPassAndAreListed) {
  FrameworkCatalog framework = catalog();
  PolicySet policies = testing::load_policies(kFrameworkPolicies);
  FindingsTally tally = tally_scan(policies, testing::make_inventory({}), ScanResult{});
  tally.accounts = {"111"};
  PolicyAccountFindings& slot = tally.findings[{"t-open-ssh", "111"}];
  slot.compliant = 2;
  slot.add({EvidenceStatus::Exempted, "t-open-ssh", "sg-a", "aws.ec2.security-group", "r",
            "port 22 open", 7});
  FrameworkResults r = judge_framework(framework, policies, tally);
  const ControlResult& c = result(r, "1", "111");
  EXPECT_EQ(c.status, ControlStatus::Pass);
  EXPECT_EQ(c.compliant, 2u);
  EXPECT_EQ(c.exempted, 1u);
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_EQ(c.evidence[0].exception_id, 7);
}

// A tally of counts alone (the API's summary): the same statuses and counts,
// no evidence listed; an unknown finding is never a pass.
TEST(FrameworkResults, CountsAloneJudgeAsTheListedEvidence) {
  FrameworkCatalog framework = catalog();
  PolicySet policies = testing::load_policies(kFrameworkPolicies);
  FindingsTally tally = tally_scan(policies, testing::make_inventory({}), ScanResult{});
  tally.accounts = {"111", "222", "333"};
  tally.findings[{"t-open-ssh", "111"}] = {.compliant = 3, .violations = 2, .exempted = 1};
  tally.findings[{"t-open-ssh", "222"}] = {.compliant = 1, .unknown = 1};
  tally.findings[{"t-open-ssh", "333"}] = {.compliant = 4, .exempted = 2};
  FrameworkResults r = judge_framework(framework, policies, tally);
  const ControlResult& failing = result(r, "1", "111");
  EXPECT_EQ(failing.status, ControlStatus::Fail);
  EXPECT_EQ(failing.violations, 2u);
  EXPECT_EQ(failing.exempted, 1u);
  EXPECT_EQ(failing.compliant, 3u);
  EXPECT_TRUE(failing.evidence.empty());
  EXPECT_EQ(result(r, "1", "222").status, ControlStatus::Unknown);
  EXPECT_EQ(result(r, "1", "222").unknown, 1u);
  EXPECT_EQ(result(r, "1", "333").status, ControlStatus::Pass);
  EXPECT_EQ(result(r, "1", "333").exempted, 2u);
}

TEST(FrameworkResults, APolicyTheDataWasNotAssessedByIsUnknownNotPass) {
  FrameworkCatalog framework = catalog();
  PolicySet policies = testing::load_policies(kFrameworkPolicies);
  FindingsTally tally;
  tally.accounts = {"111"};
  tally.assessed = {"t-open-ssh"};  // the volume policy came after the recorded scan
  FrameworkResults r = judge_framework(framework, policies, tally);
  EXPECT_EQ(result(r, "1", "111").status, ControlStatus::Pass);
  EXPECT_EQ(result(r, "2", "111").status, ControlStatus::Unknown);
  EXPECT_NE(result(r, "2", "111").reason.find("not assessed"), std::string::npos);
}

}  // namespace
}  // namespace vigil
