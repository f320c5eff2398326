// Policy file shape errors: every one names file:line:col, quotes the line
// with a caret and says what to do.
#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;
using testing::TempDir;

// A valid policy header; tests append or alter keys.
const char* kHeader =
    "id: p1\n"
    "title: A policy\n"
    "resource: aws.s3.bucket\n"
    "severity: high\n"
    "category: security\n";

PolicySet::LoadResult load(const std::string& yaml) {
  return PolicySet::load_text(yaml, "policies/p.yaml");
}

// The single error of `r`, rendered.
std::string only_error(const PolicySet::LoadResult& r) {
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.size(), 1u) << render_all(r);
  return r.diagnostics.empty() ? "" : r.diagnostics[0].render();
}

TEST(PolicyReader, UnknownKeySuggestsTheClosest) {
  auto r = load(std::string(kHeader) + "condition: 'true'\nremedation: fix it\n");
  EXPECT_EQ(only_error(r),
            "policies/p.yaml:7:1: error: unknown key 'remedation' in policy\n"
            "    7 | remedation: fix it\n"
            "      | ^\n"
            "hint: did you mean 'remediation'?");
}

TEST(PolicyReader, UnknownKeyFarFromAnyListsAllowedKeys) {
  auto r = load(std::string(kHeader) + "condition: 'true'\nzzz: 1\n");
  std::string text = only_error(r);
  EXPECT_NE(text.find("policies/p.yaml:7:1: error: unknown key 'zzz' in policy"),
            std::string::npos);
  EXPECT_NE(text.find("hint: allowed keys are: id, title, resource"), std::string::npos) << text;
}

TEST(PolicyReader, BadSeverityPointsAtTheValue) {
  auto r = load(
      "id: p1\ntitle: T\nresource: r\nseverity: urgent\ncategory: security\ncondition: 'true'\n");
  EXPECT_EQ(only_error(r),
            "policies/p.yaml:4:11: error: invalid severity 'urgent'\n"
            "    4 | severity: urgent\n"
            "      |           ^\n"
            "hint: severity must be one of critical, high, medium, low, info");
}

TEST(PolicyReader, BadCategory) {
  auto r =
      load("id: p1\ntitle: T\nresource: r\nseverity: low\ncategory: safety\ncondition: 'true'\n");
  std::string text = only_error(r);
  EXPECT_NE(text.find("policies/p.yaml:5:11: error: invalid category 'safety'"), std::string::npos);
  EXPECT_NE(
      text.find("hint: category must be one of security, governance, tagging, cost, operations"),
      std::string::npos);
}

TEST(PolicyReader, WrongTypeForEnabled) {
  auto r = load(std::string(kHeader) + "condition: 'true'\nenabled: maybe\n");
  EXPECT_EQ(only_error(r),
            "policies/p.yaml:7:10: error: 'enabled' must be true or false\n"
            "    7 | enabled: maybe\n"
            "      |          ^\n"
            "hint: write `enabled: true` or `enabled: false`");
}

TEST(PolicyReader, WrongTypeForReferences) {
  auto r = load(std::string(kHeader) + "condition: 'true'\nreferences: {a: b}\n");
  std::string text = only_error(r);
  EXPECT_NE(text.find("policies/p.yaml:7:13: error: 'references' must be a list of strings"),
            std::string::npos)
      << text;
}

TEST(PolicyReader, MissingRequiredKeysAreEachReportedAtTheDocumentStart) {
  auto r = load("id: p1\ntitle: T\nresource: r\nseverity: low\n");
  ASSERT_EQ(r.diagnostics.size(), 2u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].render(),
            "policies/p.yaml:1:1: error: policy 'p1' is missing required key 'category'\n"
            "    1 | id: p1\n"
            "      | ^\n"
            "hint: add `category:`; required keys are id, title, resource, severity, category, "
            "condition");
  EXPECT_NE(r.diagnostics[1].message.find("'condition'"), std::string::npos);
}

TEST(PolicyReader, ParamDefaultMustMatchType) {
  auto r = load(std::string(kHeader) +
                "params:\n"
                "  port: {type: int, default: twenty}\n"
                "condition: 'true'\n");
  EXPECT_EQ(only_error(r),
            "policies/p.yaml:7:30: error: default of parameter 'port': expected an integer for a "
            "parameter of type int\n"
            "    7 |   port: {type: int, default: twenty}\n"
            "      |                              ^\n"
            "hint: give a default of type int");
}

TEST(PolicyReader, ParamTypeMustBeKnown) {
  auto r = load(std::string(kHeader) + "params:\n  x:\n    type: integer\n    default: 1\n" +
                "condition: 'true'\n");
  std::string text = only_error(r);
  EXPECT_NE(text.find("policies/p.yaml:8:11: error: invalid parameter type 'integer'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("hint: type must be one of string, int, double, bool, list, map, duration"),
            std::string::npos);
}

TEST(PolicyReader, ParamsOfEveryTypeLoad) {
  auto r = load(std::string(kHeader) +
                "params:\n"
                "  s: {type: string, default: abc}\n"
                "  i: {type: int, default: -7}\n"
                "  d: {type: double, default: 2}\n"
                "  b: {type: bool, default: false}\n"
                "  l: {type: list, default: [22, \"3389\"]}\n"
                "  m: {type: map, default: {a: 1}}\n"
                "  t: {type: duration, default: 90d, description: max key age}\n"
                "condition: 'true'\n");
  ASSERT_TRUE(r.ok()) << render_all(r);
  const auto& params = r.set.find("p1")->policy.params;
  ASSERT_EQ(params.size(), 7u);
  EXPECT_EQ(params[0].default_value.as_string(), "abc");
  EXPECT_EQ(params[1].default_value.as_int(), -7);
  EXPECT_EQ(params[2].default_value.kind(), cel::Kind::Double);
  EXPECT_EQ(params[2].default_value.as_double(), 2.0);
  EXPECT_FALSE(params[3].default_value.as_bool());
  ASSERT_EQ(params[4].default_value.list_size(), 2u);
  EXPECT_EQ(params[4].default_value.list_at(0).as_int(), 22);
  EXPECT_EQ(params[4].default_value.list_at(1).as_string(), "3389");
  EXPECT_EQ(params[5].default_value.map_size(), 1u);
  EXPECT_EQ(params[6].default_value.kind(), cel::Kind::Duration);
  EXPECT_EQ(params[6].default_value.seconds(), 90 * 86400);
  EXPECT_EQ(params[6].description, "max key age");
}

TEST(PolicyReader, DuplicateKeyInADocument) {
  auto r = load(std::string(kHeader) + "condition: 'true'\ntitle: again\n");
  std::string text = only_error(r);
  EXPECT_NE(text.find("policies/p.yaml:7:1: error: duplicate key 'title'"), std::string::npos)
      << text;
}

TEST(PolicyReader, YamlSyntaxErrorHasAPosition) {
  auto r = load(std::string(kHeader) + "condition: [1,\nmessage: x\n");
  ASSERT_FALSE(r.ok());
  ASSERT_GE(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].pos.file, "policies/p.yaml");
  EXPECT_GE(r.diagnostics[0].pos.line, 6);
  EXPECT_NE(r.diagnostics[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(PolicyReader, TestCaseErrors) {
  auto r = load(std::string(kHeader) +
                "condition: 'true'\n"
                "tests:\n"
                "  - name: one\n"
                "    asset: {}\n"
                "    expect: violated\n"
                "  - name: two\n"
                "    asset: {}\n"
                "    expect: compliant\n"
                "    now: yesterday\n"
                "  - asset: {}\n"
                "    expect: unknown\n");
  ASSERT_EQ(r.diagnostics.size(), 3u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].render(),
            "policies/p.yaml:10:13: error: invalid expect 'violated'\n"
            "   10 |     expect: violated\n"
            "      |             ^\n"
            "hint: expect must be one of violation, compliant, unknown");
  EXPECT_EQ(r.diagnostics[1].pos.line, 14);
  EXPECT_EQ(r.diagnostics[1].pos.column, 10);
  EXPECT_NE(r.diagnostics[1].hint.find("RFC 3339"), std::string::npos);
  EXPECT_EQ(r.diagnostics[2].pos.line, 15);
  EXPECT_EQ(r.diagnostics[2].message, "test case is missing name");
}

TEST(PolicyReader, TestParamOverridesAreTypedByTheDeclaration) {
  auto r = load(std::string(kHeader) +
                "params:\n  max_age: {type: duration, default: 90d}\n"
                "condition: 'true'\n"
                "tests:\n"
                "  - name: short\n"
                "    asset: {config: {a: [1, 2.5, yes, 'q', null]}}\n"
                "    params: {max_age: 12h}\n"
                "    expect: violation\n"
                "  - name: typo\n"
                "    asset: {}\n"
                "    params: {max_ag: 1h}\n"
                "    expect: violation\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].render(),
            "policies/p.yaml:16:14: error: test overrides undeclared parameter 'max_ag'\n"
            "   16 |     params: {max_ag: 1h}\n"
            "      |              ^\n"
            "hint: did you mean 'max_age'?");
}

TEST(PolicyReader, InlineAssetBecomesJsonWithYamlCoreTyping) {
  auto r = load(std::string(kHeader) +
                "condition: 'true'\n"
                "tests:\n"
                "  - name: t\n"
                "    asset: {config: {a: [1, 2.5, true, 'q', null, \"7\"]}, tags: {env: prod}}\n"
                "    related: [{id: vol-1, type: aws.ec2.volume}]\n"
                "    now: 2025-06-01T12:00:00Z\n"
                "    expect: compliant\n");
  ASSERT_TRUE(r.ok()) << render_all(r);
  const auto& tc = r.set.find("p1")->policy.tests.at(0);
  EXPECT_EQ(tc.asset_json, R"({"config":{"a":[1,2.5,true,"q",null,"7"]},"tags":{"env":"prod"}})");
  ASSERT_EQ(tc.related_json.size(), 1u);
  EXPECT_EQ(tc.related_json[0], R"({"id":"vol-1","type":"aws.ec2.volume"})");
  EXPECT_EQ(tc.now.value_or(""), "2025-06-01T12:00:00Z");
  EXPECT_EQ(tc.expect, Expect::Compliant);
  EXPECT_EQ(tc.pos.line, 8);
}

TEST(PolicyReader, ReferenceThatIsNotAUrlIsAWarningOnly) {
  auto r = load(std::string(kHeader) + "condition: 'true'\nreferences:\n  - see the wiki\n");
  EXPECT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].level, Diagnostic::Level::Warning);
  EXPECT_EQ(r.diagnostics[0].render().substr(0, 42), "policies/p.yaml:8:5: warning: reference 's");
}

TEST(PolicyReader, LetNamesMustNotHideVariables) {
  auto r = load(std::string(kHeader) + "let:\n  resource: '1'\ncondition: 'true'\n");
  std::string text = only_error(r);
  EXPECT_NE(text.find("policies/p.yaml:7:3: error: let 'resource' would hide the variable"),
            std::string::npos)
      << text;
}

TEST(PolicyReader, NonMapDocument) {
  auto r = load("- just\n- a list\n");
  std::string text = only_error(r);
  EXPECT_NE(text.find("policies/p.yaml:1:1: error: a policy document must be a map"),
            std::string::npos);
}

TEST(Diagnostic, RenderKeepsTabsUnderTheCaret) {
  Diagnostic d;
  d.pos = SourcePos{"f.yaml", 3, 4};
  d.message = "bad";
  d.source_line = "\tab x";
  EXPECT_EQ(d.render(), "f.yaml:3:4: error: bad\n    3 | \tab x\n      | \t  ^");
}

TEST(Diagnostic, RenderWithoutPosition) {
  Diagnostic d;
  d.message = "overrides name policy 'x'";
  d.hint = "check the id";
  EXPECT_EQ(d.render(), "error: overrides name policy 'x'\nhint: check the id");
}

TEST(Diagnostic, ReadSourceLine) {
  TempDir dir;
  std::string path = dir.write("a.yaml", "one\r\ntwo\nthree");
  EXPECT_EQ(read_source_line(path, 1), "one");
  EXPECT_EQ(read_source_line(path, 3), "three");
  EXPECT_EQ(read_source_line(path, 4), "");
  EXPECT_EQ(read_source_line(dir.path() + "/missing.yaml", 1), "");
}

}  // namespace
}  // namespace vigil
