// Hostile or malformed policy files: the loader reports errors, never
// crashes, hangs or explodes in memory.
#include <gtest/gtest.h>

#include "policy/test_runner.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

const std::string kRobustHeader =
    "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: 'true'\n";

TEST(LoaderRobustness, AliasBombInATestAssetIsRejected) {
  std::string yaml = kRobustHeader + "x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
  for (int i = 1; i <= 9; ++i) {
    yaml += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) yaml += (j ? ", *a" : "*a") + std::to_string(i - 1);
    yaml += "]\n";
  }
  yaml += "tests:\n  - name: bomb\n    asset: {config: *a9}\n    expect: compliant\n";
  auto r = PolicySet::load_text(yaml, "bomb.yaml");
  EXPECT_FALSE(r.ok());
  bool too_large = false;
  for (const auto& d : r.diagnostics) too_large |= d.message.find("too large") != std::string::npos;
  EXPECT_TRUE(too_large) << render_all(r);
}

// Reproduced on main: `config: &a {k: *a}` in a test asset segfaulted (every
// reader recursed into a node that contains itself).
TEST(LoaderRobustness, AliasCyclesAreRejectedAtTheAnchor) {
  std::string yaml =
      kRobustHeader +
      "tests:\n  - name: cycle\n    asset: {config: &a {k: *a}}\n    expect: compliant\n";
  auto r = PolicySet::load_text(yaml, "cycle.yaml");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << render_all(r);
  EXPECT_NE(r.diagnostics[0].message.find("alias cycle"), std::string::npos) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 9);
  EXPECT_NE(r.diagnostics[0].render().find("^"), std::string::npos) << render_all(r);
}

// Reproduced on main: `resource: aws.rds.instance` (the type is
// aws.rds.db-instance) loaded silently and never matched anything.
TEST(LoaderRobustness, ATypeNoConnectorProducesIsAnErrorWithADidYouMean) {
  LoadOptions options;
  options.known_types = {"aws.account", "aws.rds.db-instance", "aws.s3.bucket"};
  auto r = PolicySet::load_text(
      "id: p\ntitle: T\nresource: aws.rds.instance\nseverity: low\ncategory: cost\ncondition: "
      "'true'\n",
      "p.yaml", options);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 3);
  EXPECT_EQ(r.diagnostics[0].pos.column, 11);
  EXPECT_NE(r.diagnostics[0].hint.find("did you mean 'aws.rds.db-instance'?"), std::string::npos)
      << render_all(r);
  // A type in a namespace of its own is an inventory-only type: accepted.
  auto custom = PolicySet::load_text(
      "id: p\ntitle: T\nresource: acme.widget\nseverity: low\ncategory: cost\ncondition: 'true'\n",
      "p.yaml", options);
  EXPECT_TRUE(custom.ok()) << render_all(custom);
  EXPECT_EQ(custom.set.for_type("acme.widget").size(), 1u);
}

TEST(LoaderRobustness, DeeplyNestedYaml) {
  std::string yaml = kRobustHeader + "description: " + std::string(20000, '[') + "\n";
  auto r = PolicySet::load_text(yaml, "deep.yaml");
  EXPECT_FALSE(r.ok());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].pos.file, "deep.yaml");
}

TEST(LoaderRobustness, DeeplyNestedCondition) {
  std::string yaml = "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: " +
                     std::string(5000, '(') + "true" + std::string(5000, ')') + "\n";
  auto r = PolicySet::load_text(yaml, "deep.yaml");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 6);
}

TEST(LoaderRobustness, BinaryGarbageAndOddScalars) {
  const std::vector<std::string> inputs = {
      std::string("\0\xff\xfe id: [", 8),
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: \"\\x\"\n",
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: \"a\\\n  b\"\n",
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: |2-\n   \t x\n",
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: !!str 1 +\n",
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: >\n\n\n  \n",
      "? [a, b]\n: c\n",
      "id: {a: 1}\n",
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: 'true'\n"
      "message: '{{'\ntests: [{name: a, asset: {id: 1}, expect: compliant}]\n",
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: 'true'\n"
      "tests: [{name: a, asset: {}, related: [1, {}], now: '2026-02-30T00:00:00Z', expect: x}]\n",
      "id: p\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: 'true'\n"
      "params: {d: {type: duration, default: 99999999999999999999d}, i: {type: int, default: "
      "99999999999999999999}}\n",
  };
  for (const auto& input : inputs) {
    auto r = PolicySet::load_text(input, "odd.yaml");
    for (const auto& d : r.diagnostics) EXPECT_FALSE(d.render().empty());
    (void)run_policy_tests(r.set);
    EXPECT_FALSE(r.ok()) << input;
  }
}

TEST(LoaderRobustness, OnlyEmptyDocumentsIsAnEmptySet) {
  auto r = PolicySet::load_text("---\n---\n...\n", "empty.yaml");
  EXPECT_TRUE(r.ok()) << render_all(r);
  EXPECT_TRUE(r.set.policies().empty());
}

TEST(LoaderRobustness, ManyDocumentsAndPolicies) {
  std::string yaml;
  for (int i = 0; i < 500; ++i) {
    yaml += "---\nid: p" + std::to_string(i) +
            "\ntitle: T\nresource: r\nseverity: low\ncategory: cost\ncondition: resource.n == " +
            std::to_string(i) + "\n";
  }
  auto r = PolicySet::load_text(yaml, "many.yaml");
  ASSERT_TRUE(r.ok()) << render_all(r);
  EXPECT_EQ(r.set.policies().size(), 500u);
  EXPECT_EQ(r.set.for_type("r").size(), 500u);
  EXPECT_EQ(r.set.find("p499")->policy.pos.line, 500 * 7 - 5);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// Inputs on which yaml-cpp 0.7 never returns (found by the loader fuzzer).
TEST(LoaderRobustness, StrayCommasThatHangYamlCppAreSyntaxErrors) {
  const std::vector<std::string> hangs = {
      ",",      ",\v*",      "\n,&",    ",\r",    "---\n,", "--- ,",  "a: 1\n---\n,",
      "  ,x",   "&a ,",      "!!str ,", "- a\n,", "[a]\n,", "#c\n,&", "a: 1\n...\n,",
      " [1],!", "{a: 1} ,x", "k: [1],", "!a,b",   "&a,b x", "k: !a,b", " [&2],\\1,!"};
  for (const auto& input : hangs) {
    auto r = PolicySet::load_text(input, "hang.yaml");
    ASSERT_FALSE(r.ok()) << input;
    const std::string& m = r.diagnostics[0].message;
    // ",\v*" is refused for its control character first (yaml/load.h).
    EXPECT_TRUE(m.find("',' cannot start a value") != std::string::npos ||
                m.find("control character 0x0b") != std::string::npos)
        << input << ": " << m;
  }
  auto r = PolicySet::load_text("a: 1\n---\n  ,x\n", "hang.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].pos.line, 3);
  EXPECT_EQ(r.diagnostics[0].pos.column, 3);
}

TEST(LoaderRobustness, CommasWhereYamlAllowsThemAreAccepted) {
  auto r = PolicySet::load_text(
      "id: p\n"
      "title: a, b, c\n"
      "resource: r\n"
      "severity: low\n"
      "category: cost\n"
      "references: [\n"
      "  \"https://a\",\n"
      "  \"https://b\"]\n"
      "description: 'x,\n"
      "  , y'\n"
      "rationale: \"q\n"
      "  , r\"\n"
      "condition: |\n"
      "  [1, 2,\n"
      "  , 3].size() > 0 || resource.name in [\"a\"\n"
      "  , \"b\"]\n",
      "commas.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::render_all(r);  // only the CEL syntax error
  EXPECT_NE(r.diagnostics[0].message.find("CEL syntax error"), std::string::npos);
  EXPECT_EQ(r.diagnostics[0].pos.line, 15);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(LoaderRobustness, InvalidUtf8InATestAssetIsAnError) {
  auto r = PolicySet::load_text(kRobustHeader +
                                    "tests:\n  - name: t\n    asset: {name: \"a\xff\"}\n"
                                    "    expect: compliant\n",
                                "utf8.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::render_all(r);
  EXPECT_NE(r.diagnostics[0].message.find("not valid UTF-8"), std::string::npos)
      << r.diagnostics[0].message;
  EXPECT_EQ(r.diagnostics[0].pos.line, 9);
  EXPECT_EQ(r.diagnostics[0].pos.column, 21);  // the 0xff byte
}

}  // namespace
}  // namespace vigil
