// docs/policies.md is the generated catalogue of the bundled pack, and the
// example of docs/writing-policies.md is a working, tested policy.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/policy_docs.h"
#include "policy/test_runner.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(PolicyDocs, CommittedCatalogueMatchesThePack) {
  LoadOptions options;
  options.include_disabled = true;
  auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"}, options);
  ASSERT_TRUE(loaded.ok()) << testing::render_all(loaded);
  std::string generated = policy_docs_markdown(loaded.set, "policies/");
  std::string committed = slurp(std::string(VIGIL_SOURCE_DIR) + "/docs/policies.md");
  EXPECT_EQ(committed, generated) << "docs/policies.md is out of date: regenerate it with\n"
                                  << "  build/bin/vigil policy docs policies/ > docs/policies.md";
}

TEST(PolicyDocs, EveryPolicyHasARowInItsServiceTable) {
  auto loaded = PolicySet::load_text(
      "id: a\ntitle: 'Pipes | in titles'\nresource: aws.s3.bucket\nseverity: high\ncategory: security\n"
      "description: d\nremediation: r\nframeworks: {cis-aws-3.0: ['2.1.1', '2.1.4']}\ncondition: 'true'\n"
      "---\nid: b\ntitle: B\nresource: aws.ec2.instance\nseverity: low\ncategory: cost\n"
      "description: d\nremediation: r\ncondition: 'true'\n",
      "mem.yaml");
  ASSERT_TRUE(loaded.ok()) << testing::render_all(loaded);
  std::string md = policy_docs_markdown(loaded.set, "mem/");
  EXPECT_NE(md.find("2 policies over 2 services. By severity: 1 high, 1 low. By category: 1 cost, 1 security."),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("## ec2\n"), std::string::npos);
  EXPECT_LT(md.find("## ec2\n"), md.find("## s3\n"));
  EXPECT_NE(md.find("| `a` | Pipes \\| in titles | high | security | `aws.s3.bucket` | cis-aws-3.0 2.1.1, 2.1.4 |"),
            std::string::npos)
      << md;
}

TEST(PolicyDocs, WritingGuideExampleLoadsAndPassesItsTests) {
  std::string guide = slurp(std::string(VIGIL_SOURCE_DIR) + "/docs/writing-policies.md");
  size_t start = guide.find("```yaml\nid:");
  ASSERT_NE(start, std::string::npos);
  start += 8;
  std::string yaml = guide.substr(start, guide.find("```", start) - start);
  auto loaded = PolicySet::load_text(yaml, "docs/writing-policies.md");
  ASSERT_TRUE(loaded.ok()) << testing::render_all(loaded);
  auto results = run_policy_tests(loaded.set);
  ASSERT_EQ(results.size(), 4u);
  for (const auto& t : results)
    EXPECT_TRUE(t.passed) << t.test_name << ": " << t.mismatch << t.error;
}

}  // namespace
}  // namespace vigil
