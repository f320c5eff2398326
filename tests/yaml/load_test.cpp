#include "yaml/load.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::yaml {
namespace {

TEST(YamlLoad, LoadsDocumentsAndEmptyText) {
  YamlDocuments all = load_all("a: 1\n---\nb: [x, y]\n");
  ASSERT_FALSE(all.problem);
  ASSERT_EQ(all.documents.size(), 2u);
  EXPECT_EQ(all.documents[1]["b"][1].Scalar(), "y");
  YamlDocument empty = load("");
  ASSERT_FALSE(empty.problem);
  EXPECT_TRUE(empty.root.IsNull());
}

// Reproduced: `config: &a {k: *a}` in a policy test asset crashed `vigil
// policy test`, every reader recursing into a node that contains itself.
TEST(YamlLoad, RejectsAliasCyclesAtTheAnchor) {
  YamlDocuments all = load_all("id: p\ntests:\n  - config: &a {k: *a}\n");
  ASSERT_TRUE(all.problem);
  EXPECT_EQ(all.problem->kind, YamlProblemKind::AliasCycle);
  EXPECT_EQ(all.problem->line, 3);
  EXPECT_TRUE(all.documents.empty());

  YamlDocument seq = load("params: {x.y: &a [*a]}\n");
  ASSERT_TRUE(seq.problem);
  EXPECT_EQ(seq.problem->kind, YamlProblemKind::AliasCycle) << seq.problem->message;
}

// Reproduced: eight lines of nested aliases in vigil.yaml expand to 10^7 nodes.
TEST(YamlLoad, StopsAliasBombsAtTheNodeBudget) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 8; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  YamlDocument doc = load(text);
  ASSERT_TRUE(doc.problem);
  EXPECT_EQ(doc.problem->kind, YamlProblemKind::TooLarge);
  EXPECT_NE(doc.problem->message.find("1000000"), std::string::npos) << doc.problem->message;
  // A budget is a setting: two levels of the same bomb fit a small one.
  YamlDocument two =
      load("a0: &a0 [x, x, x]\na1: [*a0, *a0, *a0]\n", YamlLimits{.max_nodes = 20, .max_depth = 8});
  EXPECT_FALSE(two.problem) << two.problem->message;
  EXPECT_TRUE(
      load("a0: &a0 [x, x, x]\na1: [*a0, *a0, *a0]\n", YamlLimits{.max_nodes = 10, .max_depth = 8})
          .problem);
}

// Found in review: a budget per document let a stream of many small bombs
// through. The budget covers the whole stream.
TEST(YamlLoad, TheBudgetCoversEveryDocumentOfAStream) {
  std::string one =
      "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
  std::string stream;
  for (int i = 0; i < 10; ++i) stream += "---\n" + one;
  EXPECT_FALSE(load_all(one, YamlLimits{.max_nodes = 200, .max_depth = 8}).problem);
  YamlDocuments all = load_all(stream, YamlLimits{.max_nodes = 200, .max_depth = 8});
  ASSERT_TRUE(all.problem);
  EXPECT_EQ(all.problem->kind, YamlProblemKind::TooLarge);
}

TEST(YamlLoad, BoundsNestingBelowYamlCppsOwnLimit) {
  std::string text = std::string(300, '[') + std::string(300, ']');
  YamlDocument doc = load(text);
  ASSERT_TRUE(doc.problem);
  EXPECT_EQ(doc.problem->kind, YamlProblemKind::TooDeep);
  std::string deeper = std::string(100000, '[');
  YamlDocument syntax = load(deeper);
  ASSERT_TRUE(syntax.problem);  // yaml-cpp's own guard, reported as syntax
}

TEST(YamlLoad, StrayCommaAndSyntaxErrorsCarryPositions) {
  YamlDocument comma = load("a: 1\nb:\n  , x\n");
  ASSERT_TRUE(comma.problem);
  EXPECT_EQ(comma.problem->line, 3);
  EXPECT_EQ(comma.problem->column, 3);
  YamlDocument bad = load("a: [1, 2\n");
  ASSERT_TRUE(bad.problem);
  EXPECT_EQ(bad.problem->kind, YamlProblemKind::Syntax);
  EXPECT_NE(bad.problem->message.find("YAML syntax error"), std::string::npos);
}

// Found by fuzzing: yaml-cpp's LoadAll looped forever on a text holding NUL.
TEST(YamlLoad, ControlCharactersAreSyntaxErrorsAtTheirPlace) {
  YamlDocuments nul = load_all(std::string("a: 1\nb: x\0, :]}\n", 16));
  ASSERT_TRUE(nul.problem);
  EXPECT_EQ(nul.problem->line, 2);
  EXPECT_EQ(nul.problem->column, 5);
  EXPECT_NE(nul.problem->message.find("control character 0x00"), std::string::npos)
      << nul.problem->message;
  EXPECT_FALSE(load("a: \"tab\there\"\r\nb: 2\n").problem);
}

TEST(YamlLoad, DiagnosticQuotesTheLineWithACaret) {
  std::string text = "accounts:\n  - id: &a {k: *a}\n";
  YamlDocument doc = load(text);
  ASSERT_TRUE(doc.problem);
  std::string rendered = to_diagnostic(*doc.problem, "accounts.yaml", text).render();
  EXPECT_NE(rendered.find("accounts.yaml:2:"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("    2 |   - id: &a {k: *a}\n      |"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("hint: "), std::string::npos) << rendered;
}

}  // namespace
}  // namespace vigil::yaml
