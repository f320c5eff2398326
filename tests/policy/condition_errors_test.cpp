// Errors inside CEL texts (conditions, lets, messages) point at the
// offending character in the file, whatever the YAML scalar style.
#include <gtest/gtest.h>

#include "policy_test_util.h"
#include "yaml/scalar_position.h"

namespace vigil {
namespace {

using testing::render_all;

const std::string kHeader =
    "id: p1\n"
    "title: A policy\n"
    "resource: aws.s3.bucket\n"
    "severity: high\n"
    "category: security\n";

const Diagnostic& only_error(const PolicySet::LoadResult& r) {
  static const Diagnostic none;
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.size(), 1u) << render_all(r);
  return r.diagnostics.empty() ? none : r.diagnostics[0];
}

PolicySet::LoadResult load(const std::string& body) {
  return PolicySet::load_text(kHeader + body, "p.yaml");
}

TEST(ConditionErrors, UndeclaredIdentifierInPlainScalar) {
  auto r = load("condition: resorce.config.Acl == \"public-read\"\n");
  EXPECT_EQ(only_error(r).render(),
            "p.yaml:6:12: error: undeclared reference to 'resorce'\n"
            "    6 | condition: resorce.config.Acl == \"public-read\"\n"
            "      |            ^\n"
            "hint: did you mean 'resource'?");
}

TEST(ConditionErrors, UndefinedParamInSingleQuotedScalarWithDoubledQuotes) {
  // '' is one quote in the value: every '' before the error shifts it by one.
  auto r = load(
      "params:\n  port: {type: int, default: 22}\n"
      "condition: 'resource.name == ''it\\''s'' && params.prot == 1'\n");
  EXPECT_EQ(only_error(r).render(),
            "p.yaml:8:51: error: undefined parameter 'params.prot'\n"
            "    8 | condition: 'resource.name == ''it\\''s'' && params.prot == 1'\n"
            "      |                                                   ^\n"
            "hint: did you mean 'params.port'?");
}

TEST(ConditionErrors, DoubleQuotedScalarWithEscapes) {
  // \t and \" are one byte each in the value but two in the file.
  auto r = load("condition: \"resource.name == \\\"a\\tb\\\" && nope\"\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.line, 6);
  EXPECT_EQ(d.pos.column, 42) << d.render();  // the 'n' of nope
  EXPECT_EQ(d.message, "undeclared reference to 'nope'");
}

TEST(ConditionErrors, DeepInsideALiteralBlockScalar) {
  auto r = load(
      "params:\n"
      "  ports: {type: list, default: [22, 3389]}\n"
      "condition: |\n"
      "  resource.config.IpPermissions.exists(p,\n"
      "    p.IpRanges.exists(r, r.CidrIp == \"0.0.0.0/0\") &&\n"
      "      params.ports.exists(port, p.FromPort <= port && port <= p.ToPrt) &&\n"
      "      params.admin_ports.size() > 0)\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.render(),
            "p.yaml:12:14: error: undefined parameter 'params.admin_ports'\n"
            "   12 |       params.admin_ports.size() > 0)\n"
            "      |              ^\n"
            "hint: declare it under params: (e.g. `admin_ports: {type: string, default: ...}`)");
}

TEST(ConditionErrors, SyntaxErrorInALiteralBlockScalar) {
  auto r = load(
      "condition: |\n"
      "  has(resource.config.Acl) &&\n"
      "    resource.config.Acl ==  == 'x'\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.line, 8);
  EXPECT_EQ(d.pos.column, 29) << d.render();
  EXPECT_EQ(d.source_line, "    resource.config.Acl ==  == 'x'");
  EXPECT_NE(d.message.find("CEL syntax error in condition"), std::string::npos);
}

TEST(ConditionErrors, FoldedBlockScalarMapsByCounting) {
  auto r = load(
      "condition: >\n"
      "  resource.config.a == 1 &&\n"
      "  resource.config.b == 2 &&\n"
      "  resorce.config.c == 3\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.render(),
            "p.yaml:9:3: error: undeclared reference to 'resorce'\n"
            "    9 |   resorce.config.c == 3\n"
            "      |   ^\n"
            "hint: did you mean 'resource'?");
}

TEST(ConditionErrors, MultiLinePlainScalar) {
  auto r = load(
      "condition: resource.config.a == 1 &&\n"
      "     resource.config.b == 2 && bogus\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.line, 7);
  EXPECT_EQ(d.pos.column, 32) << d.render();
}

TEST(ConditionErrors, ErrorInALetNamesTheLetAndPointsIntoIt) {
  auto r = load(
      "let:\n"
      "  rules: resource.config.IpPermissions\n"
      "  open: |\n"
      "    rules.filter(r,\n"
      "      r.IpRanges.exists(x, x.CidrIp == \"0.0.0.0/0\") && rul.size() > 0)\n"
      "condition: size(open) > 0\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.render(),
            "p.yaml:10:56: error: in let 'open': undeclared reference to 'rul'\n"
            "   10 |       r.IpRanges.exists(x, x.CidrIp == \"0.0.0.0/0\") && rul.size() > 0)\n"
            "      |                                                        ^\n"
            "hint: did you mean 'rules'?");
}

TEST(ConditionErrors, UndefinedParamInALet) {
  auto r = load("let:\n  old: now - resource.created > params.max_age\ncondition: old\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.line, 7);
  EXPECT_EQ(d.pos.column, 40) << d.render();  // the 'm' of max_age
  EXPECT_EQ(d.message, "undefined parameter 'params.max_age'");
}

TEST(ConditionErrors, LetsSeeOnlyEarlierLets) {
  auto r = load("let:\n  a: b + 1\n  b: '2'\ncondition: a > 2\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.line, 7);
  EXPECT_EQ(d.pos.column, 6);
  EXPECT_EQ(d.message, "in let 'a': undeclared reference to 'b'");
}

TEST(ConditionErrors, ParamNameWithoutParamsPrefix) {
  auto r = load("params:\n  limit: {type: int, default: 3}\ncondition: resource.n > limit\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.column, 25);
  EXPECT_EQ(d.hint, "'limit' is a parameter: write 'params.limit'");
}

TEST(ConditionErrors, ParamsIndexAndOptionalSelectAreChecked) {
  auto r = load("condition: params['x'] == 1 || params.?y.hasValue()\n");
  ASSERT_EQ(r.diagnostics.size(), 2u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.column, 19);
  EXPECT_EQ(r.diagnostics[0].message, "undefined parameter 'params.x'");
  EXPECT_EQ(r.diagnostics[1].pos.column, 40);
  EXPECT_EQ(r.diagnostics[1].message, "undefined parameter 'params.y'");
}

TEST(ConditionErrors, ComprehensionVariableNamedParamsShadows) {
  auto r = load("condition: '[{\"a\": 1}].exists(params, params.a == 1)'\n");
  EXPECT_TRUE(r.ok()) << render_all(r);
}

TEST(ConditionErrors, MessageTemplateErrors) {
  auto r = load(
      "condition: 'true'\n"
      "message: \"bucket {{ resource.name }} has {{ resource.nme + params.q }} and {{ 1 + }}\"\n");
  ASSERT_EQ(r.diagnostics.size(), 2u) << render_all(r);
  EXPECT_EQ(r.diagnostics[0].message, "undefined parameter 'params.q'");
  EXPECT_EQ(r.diagnostics[0].pos.line, 7);
  EXPECT_EQ(r.diagnostics[0].pos.column, 67);  // the q of params.q
  EXPECT_NE(r.diagnostics[1].message.find("CEL syntax error in message"), std::string::npos);
  EXPECT_EQ(r.diagnostics[1].pos.column, 83);  // end of ` 1 + `: the closing }}
}

TEST(ConditionErrors, UnterminatedTemplate) {
  auto r = load("condition: 'true'\nmessage: 'port {{ resource.port'\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.column, 16);
  EXPECT_NE(d.message.find("unterminated '{{'"), std::string::npos);
}

TEST(ConditionErrors, UndeclaredReferenceInMessage) {
  auto r = load("condition: 'true'\nmessage: 'port {{ rule.FromPort }}'\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.column, 19);
  EXPECT_EQ(d.message, "in message: undeclared reference to 'rule'");
}

TEST(ConditionErrors, EmptyCondition) {
  auto r = load("condition: ''\n");
  const Diagnostic& d = only_error(r);
  EXPECT_EQ(d.pos.line, 6);
  EXPECT_EQ(d.pos.column, 12);
}

TEST(SourceMap, RunsMapEveryByte) {
  std::string file = "k: |\n  ab\n    cd\n";
  yaml::LineIndex lines(file);
  SourceText t = yaml::locate_scalar(file, lines, 3, "ab\n  cd\n", "f");
  EXPECT_EQ(t.pos.line, 2);
  EXPECT_EQ(t.pos.column, 3);
  SourcePos c = t.position_of(5);  // 'c'
  EXPECT_EQ(c.line, 3);
  EXPECT_EQ(c.column, 5);
  SourcePos end = t.position_of(100);  // clamped
  EXPECT_EQ(end.line, 3);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(ConditionErrors, UndeclaredFunctionSuggestsAFunction) {
  auto r = PolicySet::load_text(kHeader + "condition: resource.name.startWith('x')\n", "p.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.column, 26);  // the function name
  EXPECT_EQ(r.diagnostics[0].hint, "did you mean 'startsWith'?");
}

TEST(ConditionErrors, BadParamDefaultDoesNotAlsoReportItsUses) {
  auto r = PolicySet::load_text(
      kHeader + "params:\n  n: {type: int, default: x}\ncondition: resource.size > params.n\n",
      "p.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 7);
}

TEST(ConditionErrors, DocumentWithShapeErrorsStillGetsItsConditionChecked) {
  auto r = PolicySet::load_text(
      "id: p\ntitle: T\nresource: r\nseverity: urgent\ncategory: cost\ncondition: resorce.a\n",
      "p.yaml");
  ASSERT_EQ(r.diagnostics.size(), 2u) << testing::render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 4);
  EXPECT_EQ(r.diagnostics[1].pos.line, 6);
  EXPECT_EQ(r.diagnostics[1].pos.column, 12);
  EXPECT_TRUE(r.set.policies().empty());
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(ConditionErrors, DoubleQuotedUnicodeEscapeAndLineFolding) {
  // \u00e9 is 6 bytes in the file and 2 in the value; the line break folds
  // to one space and the next line's indentation disappears.
  auto r = PolicySet::load_text(kHeader +
                                    "condition: \"resource.name == 'caf\\u00e9' &&\n"
                                    "    resource.tags.env == 'x' && bogus\"\n",
                                "p.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 7);
  EXPECT_EQ(r.diagnostics[0].pos.column, 33);
  EXPECT_EQ(r.diagnostics[0].source_line.substr(32, 5), "bogus");
}

TEST(ConditionErrors, LiteralBlockWithKeepChompingAndExplicitIndent) {
  auto r = PolicySet::load_text(kHeader +
                                    "condition: |2+\n"
                                    "    resource.a == 1 ||\n"
                                    "  nope\n"
                                    "\n",
                                "p.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::render_all(r);
  EXPECT_EQ(r.diagnostics[0].pos.line, 8);
  EXPECT_EQ(r.diagnostics[0].pos.column, 3);
}

}  // namespace
}  // namespace vigil
