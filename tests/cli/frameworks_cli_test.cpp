// `vigil frameworks list|coverage` end to end over the bundled pack and a
// small policy folder with a catalogue of its own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace {

using namespace vigil::cli_testing;

TEST_F(Cli, FrameworksListNamesCisWithItsCatalogue) {
  Outcome r = vigil("frameworks list");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("cis-aws-3.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CIS Amazon Web Services Foundations Benchmark v3.0.0"), std::string::npos) << r.out;

  Outcome json = vigil("frameworks list --format json");
  ASSERT_EQ(json.code, 0) << json.err;
  auto rows = nlohmann::json::parse(json.out);
  bool found = false;
  for (const auto& row : rows)
    if (row["id"] == "cis-aws-3.0") {
      found = true;
      EXPECT_EQ(row["controls"], 62);
      EXPECT_GT(row["policies"].get<int>(), 0);
      EXPECT_GT(row["controls_covered"].get<int>(), 0);
    }
  EXPECT_TRUE(found) << json.out;
}

TEST_F(Cli, FrameworksCoverageOfTheBundledPackHasNoUnknownControls) {
  Outcome r = vigil("frameworks coverage cis-aws-3.0 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["controls"].size(), 62u);
  EXPECT_EQ(doc["summary"]["automated"], 54);
  // Every CIS id a bundled policy names exists in frameworks/cis-aws-3.0.yaml.
  EXPECT_TRUE(doc["unknown_controls"].empty()) << doc["unknown_controls"].dump();
  for (const auto& control : doc["controls"])
    EXPECT_EQ(control["covered"].get<bool>(), !control["policies"].empty()) << control.dump();
}

TEST_F(Cli, FrameworksCoverageListsPoliciesPerControlAndTheGaps) {
  write("catalog/demo.yaml",
        "id: demo-1\nname: Demo benchmark\nversion: '1'\ncontrols:\n"
        "  - {id: '1.2', title: Second, assessment: automated}\n"
        "  - {id: '1.10', title: Tenth, assessment: automated}\n"
        "  - {id: '1.1', title: First, assessment: manual}\n");
  write("policies/p.yaml",
        "id: demo-bucket-named\ntitle: Buckets have names\nresource: aws.s3.bucket\nseverity: low\n"
        "category: governance\ndescription: d\nremediation: r\n"
        "frameworks: {demo-1: ['1.10', '9.9']}\ncondition: resource.name != ''\n");
  Outcome r = vigil("frameworks coverage demo-1 --policies '" + (dir_ / "policies").string() + "' --catalogs '" +
                    (dir_ / "catalog").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  // Controls in numeric order, 1.10 after 1.2.
  size_t first = r.out.find("\n1.1 "), second = r.out.find("\n1.2 "), tenth = r.out.find("\n1.10 ");
  ASSERT_NE(first, std::string::npos) << r.out;
  EXPECT_LT(first, second);
  EXPECT_LT(second, tenth);
  EXPECT_NE(r.out.find("-> demo-bucket-named"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1/3 controls covered; automated 1/2, manual 0/1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("maps to control '9.9'"), std::string::npos) << r.out;
}

TEST_F(Cli, FrameworksCoverageOfAnUnknownFrameworkNamesTheKnownOnes) {
  Outcome r = vigil("frameworks coverage nist-9");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no control catalogue for 'nist-9'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cis-aws-3.0"), std::string::npos) << r.err;
}

TEST_F(Cli, FrameworksCatalogueErrorsNameFileLineColumn) {
  write("bad/x.yaml", "id: x\nname: X\ncontrols:\n  - {id: '1', title: A}\n  - {id: '1', title: B}\n");
  Outcome r = vigil("frameworks list --catalogs '" + (dir_ / "bad").string() + "'");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("x.yaml:5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("duplicate control id '1'"), std::string::npos) << r.err;
}

}  // namespace
