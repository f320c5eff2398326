// PolicySet::load over real files: folders, ordering, indexes, duplicate
// ids across files, deployment overrides, disabled policies.
#include <gtest/gtest.h>

#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;
using testing::TempDir;

std::string policy(const std::string& id, const std::string& resource,
                   const std::string& extra = "") {
  return "id: " + id + "\ntitle: Title of " + id + "\nresource: " + resource +
         "\nseverity: medium\ncategory: governance\ncondition: resource.name == ''\n" + extra;
}

TEST(PolicyLoader, LoadsFoldersRecursivelyInSortedOrder) {
  TempDir dir;
  dir.write("b/s3.yaml",
            policy("s3-b", "aws.s3.bucket") + "---\n" + policy("s3-c", "aws.s3.bucket"));
  dir.write("a.yml", policy("ec2-a", "aws.ec2.instance"));
  dir.write("notes.txt", "not a policy");
  dir.write("b/empty.yaml", "---\n");
  auto r = PolicySet::load({dir.path()});
  ASSERT_TRUE(r.ok()) << render_all(r);
  auto all = r.set.policies();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]->policy.id, "ec2-a");
  EXPECT_EQ(all[1]->policy.id, "s3-b");
  EXPECT_EQ(all[2]->policy.id, "s3-c");
  EXPECT_EQ(all[2]->policy.pos.line, 8);  // second document of b/s3.yaml
  EXPECT_EQ(r.set.for_type("aws.s3.bucket").size(), 2u);
  EXPECT_EQ(r.set.for_type("aws.ec2.instance").size(), 1u);
  EXPECT_TRUE(r.set.for_type("aws.iam.user").empty());
  ASSERT_NE(r.set.find("s3-c"), nullptr);
  EXPECT_EQ(r.set.find("s3-c")->policy.title, "Title of s3-c");
  EXPECT_EQ(r.set.find("nope"), nullptr);
}

TEST(PolicyLoader, AllMetadataFields) {
  TempDir dir;
  std::string path = dir.write("full.yaml", R"(# leading comment
id: aws-s3-bucket-versioning
title: S3 buckets keep object versions
resource: aws.s3.bucket
severity: low
category: operations
description: Versioning protects objects from accidental deletion.
rationale: >
  Without versioning an overwrite
  loses data.
remediation: Enable versioning on the bucket.
references:
  - https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
frameworks:
  cis-aws-3.0: ["2.1.3"]
  nist-800-53: [CP-9, SI-12]
enabled: true
condition: resource.config.Versioning.Status != "Enabled"
message: "versioning is {{ resource.config.Versioning.Status }}"
)");
  auto r = PolicySet::load({path});
  ASSERT_TRUE(r.ok()) << render_all(r);
  const Policy& p = r.set.policies()[0]->policy;
  EXPECT_EQ(p.id, "aws-s3-bucket-versioning");
  EXPECT_EQ(p.severity, Severity::Low);
  EXPECT_EQ(p.category, Category::Operations);
  EXPECT_EQ(p.rationale, "Without versioning an overwrite loses data.\n");
  ASSERT_EQ(p.references.size(), 1u);
  ASSERT_EQ(p.frameworks.size(), 2u);
  EXPECT_EQ(p.frameworks.at("cis-aws-3.0"), std::vector<std::string>{"2.1.3"});
  EXPECT_EQ(p.frameworks.at("nist-800-53"), (std::vector<std::string>{"CP-9", "SI-12"}));
  EXPECT_EQ(p.condition.text, "resource.config.Versioning.Status != \"Enabled\"");
  EXPECT_EQ(p.condition.pos.file, path);
  EXPECT_EQ(p.condition.pos.line, 18);
  EXPECT_EQ(p.condition.pos.column, 12);
  ASSERT_TRUE(p.message.has_value());
  EXPECT_FALSE(r.set.policies()[0]->message.empty());
  EXPECT_EQ(p.pos.line, 2);
}

TEST(PolicyLoader, DuplicateIdAcrossFilesNamesBothPlaces) {
  TempDir dir;
  std::string a = dir.write("a.yaml", policy("same-id", "aws.s3.bucket"));
  std::string b = dir.write("b.yaml", "# another file\n" + policy("same-id", "aws.s3.bucket"));
  auto r = PolicySet::load({dir.path()});
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].render(),
            b + ":2:5: error: duplicate policy id 'same-id' (first defined at " + a + ":1:5)\n" +
                "    2 | id: same-id\n"
                "      |     ^\n"
                "hint: policy ids must be unique across all loaded files; rename one of them");
  EXPECT_EQ(r.set.policies().size(), 1u);
}

TEST(PolicyLoader, SameFileTwiceIsLoadedOnce) {
  TempDir dir;
  std::string a = dir.write("a.yaml", policy("only", "r"));
  auto r = PolicySet::load({a, dir.path()});
  EXPECT_TRUE(r.ok()) << render_all(r);
  EXPECT_EQ(r.set.policies().size(), 1u);
}

TEST(PolicyLoader, MissingPathIsAnError) {
  auto r = PolicySet::load({"/nonexistent/vigil/policies"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].render(),
            "/nonexistent/vigil/policies: error: no such file or directory\n"
            "hint: pass policy files (*.yaml) or folders holding them");
}

// Reproduced on main: `scan --policies emptydir --fail-on low` exited 0 and
// `policy validate emptydir` said "0 policies OK": a clean result from no check.
TEST(PolicyLoader, NoPolicyIsAnError) {
  TempDir dir;
  dir.write("empty/notes.txt", "not a policy");
  dir.write("blank/only.yaml", "---\n");
  auto empty = PolicySet::load({dir.path() + "/empty"});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.diagnostics[0].message.find("no policy file"), std::string::npos)
      << render_all(empty);
  auto blank = PolicySet::load({dir.path() + "/blank"});
  ASSERT_FALSE(blank.ok());
  EXPECT_NE(blank.diagnostics[0].message.find("no policy in the files given"), std::string::npos)
      << render_all(blank);
}

TEST(PolicyLoader, ErrorsInOneFileDoNotHideOthers) {
  TempDir dir;
  dir.write("a.yaml", policy("good", "r"));
  dir.write("b.yaml",
            "id: bad\ntitle: t\nresource: r\nseverity: huge\ncategory: cost\ncondition: x\n");
  dir.write("c.yaml", policy("bad2", "r", "let:\n  q: 1 +\n"));
  auto r = PolicySet::load({dir.path()});
  EXPECT_FALSE(r.ok());
  // b.yaml: bad severity AND (still compiled) undeclared `x`; c.yaml: let syntax.
  ASSERT_EQ(r.diagnostics.size(), 3u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 4);
  EXPECT_EQ(r.diagnostics[1].pos.line, 6);
  EXPECT_EQ(r.diagnostics[1].message, "undeclared reference to 'x'");
  EXPECT_EQ(r.diagnostics[2].pos.line, 8);
  ASSERT_EQ(r.set.policies().size(), 1u);
  EXPECT_EQ(r.set.policies()[0]->policy.id, "good");
}

TEST(PolicyLoader, DisabledPoliciesAreKeptOnlyOnRequest) {
  TempDir dir;
  dir.write("a.yaml", policy("off", "r", "enabled: false\n") + "---\n" + policy("on", "r"));
  auto plain = PolicySet::load({dir.path()});
  ASSERT_TRUE(plain.ok());
  ASSERT_EQ(plain.set.policies().size(), 1u);
  EXPECT_EQ(plain.set.policies()[0]->policy.id, "on");

  LoadOptions options;
  options.include_disabled = true;
  auto all = PolicySet::load({dir.path()}, options);
  ASSERT_EQ(all.set.policies().size(), 2u);
  EXPECT_FALSE(all.set.find("off")->policy.enabled);
  EXPECT_EQ(all.set.for_type("r").size(), 1u);  // for_type lists enabled policies only
}

TEST(PolicyLoader, ParamOverridesAreValidatedAndApplied) {
  std::string text = policy("p", "r",
                            "params:\n"
                            "  max_age: {type: duration, default: 90d}\n"
                            "  limit: {type: double, default: 1.5}\n");
  LoadOptions options;
  options.param_overrides["p"]["max_age"] = cel::Value::string("30d");
  options.param_overrides["p"]["limit"] = cel::Value::integer(4);
  auto r = PolicySet::load_text(text, "p.yaml", options);
  ASSERT_TRUE(r.ok()) << render_all(r);
  const cel::Value& params = r.set.find("p")->params;
  EXPECT_EQ(params.map_find(cel::Value::string("max_age"))->seconds(), 30 * 86400);
  EXPECT_EQ(params.map_find(cel::Value::string("limit"))->as_double(), 4.0);

  LoadOptions bad;
  bad.param_overrides["p"]["max_age"] = cel::Value::boolean(true);
  bad.param_overrides["p"]["limt"] = cel::Value::integer(1);
  bad.param_overrides["ghost"]["x"] = cel::Value::integer(1);
  auto rb = PolicySet::load_text(text, "p.yaml", bad);
  ASSERT_EQ(rb.diagnostics.size(), 3u) << render_all(rb);
  EXPECT_EQ(rb.diagnostics[0].message,
            "parameter override 'limt' for policy 'p': no such parameter");
  EXPECT_EQ(rb.diagnostics[0].hint, "did you mean 'limit'?");
  EXPECT_EQ(rb.diagnostics[1].message,
            "parameter override 'max_age' for policy 'p': expected a value of type duration, got "
            "bool (true)");
  EXPECT_EQ(rb.diagnostics[1].pos.line, 8);
  EXPECT_EQ(
      rb.diagnostics[2].render(),
      "error: parameter overrides name policy 'ghost', which is not among the loaded policies\n"
      "hint: check the policy id (see `vigil policy list`)");
}

TEST(PolicyLoader, ParamsValueKeepsDeclarationOrder) {
  auto r = PolicySet::load_text(policy("p", "r",
                                       "params:\n"
                                       "  z: {type: string, default: last}\n"
                                       "  a: {type: bool, default: true}\n"),
                                "p.yaml");
  ASSERT_TRUE(r.ok()) << render_all(r);
  const cel::Value& params = r.set.find("p")->params;
  ASSERT_EQ(params.map_size(), 2u);
  EXPECT_EQ(params.map_key_at(0).as_string(), "z");
  EXPECT_EQ(params.map_key_at(1).as_string(), "a");
}

}  // namespace
}  // namespace vigil
