#include "yaml/syntax_gate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "yaml/load.h"

namespace vigil::yaml {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The four texts on which yaml-cpp 0.7 loops forever were each caught by a
// guard written for its shape. libyaml refuses every one of them by itself,
// which is why it stands in front of yaml-cpp for shapes nobody found yet.
TEST(SyntaxGate, RefusesEveryKnownYamlCppHangOnItsOwn) {
  std::filesystem::path dir =
      std::filesystem::path(VIGIL_SOURCE_DIR) / "tests/policy/fuzz_regressions";
  int hangs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("yaml-cpp-hangs", 0) != 0) continue;
    ++hangs;
    EXPECT_TRUE(libyaml_syntax_problem(read(entry.path()), 256).has_value()) << entry.path();
  }
  EXPECT_EQ(hangs, 4);
}

TEST(SyntaxGate, ReportsTheFirstErrorAtItsLineAndColumn) {
  std::optional<YamlProblem> p = libyaml_syntax_problem("id: a\nlist: [1, 2\nnext: 3\n", 256);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, YamlProblemKind::Syntax);
  EXPECT_NE(p->message.find("flow sequence"), std::string::npos) << p->message;
  EXPECT_GE(p->line, 2);

  std::optional<YamlProblem> indent = libyaml_syntax_problem("a:\n  b: 1\n c: 2\n", 256);
  ASSERT_TRUE(indent);
  EXPECT_EQ(indent->line, 3) << indent->message;
}

TEST(SyntaxGate, AcceptsWhatVigilShips) {
  EXPECT_FALSE(libyaml_syntax_problem("", 256));
  EXPECT_FALSE(libyaml_syntax_problem("%YAML 1.2\n---\na: [1, {b: c}]\n---\nd: |\n  text\n", 256));
  int files = 0;
  for (const char* folder : {"policies", "examples", "frameworks"}) {
    std::filesystem::path root = std::filesystem::path(VIGIL_SOURCE_DIR) / folder;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".yaml" && ext != ".yml") continue;
      ++files;
      std::optional<YamlProblem> p = libyaml_syntax_problem(read(entry.path()), 256);
      EXPECT_FALSE(p) << entry.path() << ": " << (p ? p->message : "");
    }
  }
  EXPECT_GT(files, 50);
}

// The gate runs inside load(): a syntax error yaml-cpp would also report
// comes back from libyaml, with the same kind.
TEST(SyntaxGate, IsPartOfEveryLoad) {
  YamlDocument doc = load("a: [1, 2\n");
  ASSERT_TRUE(doc.problem);
  EXPECT_EQ(doc.problem->kind, YamlProblemKind::Syntax);
  EXPECT_NE(doc.problem->message.find("YAML syntax error"), std::string::npos);
}

}  // namespace
// libyaml's scanner is quadratic in flow nesting (100,000 '[' took 11 s):
// the gate stops at the depth limit, at the first level too deep.
TEST(SyntaxGate, DeepNestingStopsAtTheDepthLimit) {
  std::string deep = "accounts: " + std::string(100000, '[') + "\n";
  std::optional<YamlProblem> p = libyaml_syntax_problem(deep, 256);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->kind, YamlProblemKind::TooDeep);
  EXPECT_EQ(p->line, 1);
  EXPECT_EQ(p->column, 11 + 255);  // the 257th collection: the 256th '[' after the root mapping
  EXPECT_FALSE(libyaml_syntax_problem("a: [[[1]]]\nb: {c: {d: [e]}}\n", 4));
  EXPECT_TRUE(libyaml_syntax_problem("a: [[[1]]]\n", 3).has_value());
}

}  // namespace vigil::yaml
