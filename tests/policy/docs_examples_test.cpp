// Keeps docs/policy-language.md honest: every complete policy in it loads
// and passes its own tests, and every line of its ```cel blocks compiles
// in the policy environment.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/policy_compiler.h"
#include "policy/test_runner.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

const std::string kDoc = std::string(VIGIL_SOURCE_DIR) + "/docs/policy-language.md";

struct Block {
  std::string lang;
  std::string text;
  int line;  // of the opening fence
};

std::vector<Block> code_blocks() {
  std::ifstream in(kDoc);
  std::vector<Block> blocks;
  std::string line;
  Block* open = nullptr;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.rfind("```", 0) == 0) {
      if (open) {
        open = nullptr;
      } else {
        blocks.push_back({line.substr(3), "", n});
        open = &blocks.back();
      }
    } else if (open) {
      open->text += line + "\n";
    }
  }
  return blocks;
}

TEST(DocsExamples, CompletePoliciesLoadAndPassTheirTests) {
  size_t policies = 0;
  for (const auto& b : code_blocks()) {
    if (b.lang != "yaml" || b.text.rfind("id:", 0) != 0 ||
        b.text.find("\ntests:") == std::string::npos) {
      continue;
    }
    ++policies;
    std::string name = "docs/policy-language.md:" + std::to_string(b.line);
    auto r = PolicySet::load_text(b.text, name);
    ASSERT_TRUE(r.ok()) << name << "\n" << testing::render_all(r);
    auto results = run_policy_tests(r.set);
    EXPECT_GE(results.size(), 2u) << name;
    for (const auto& t : results) {
      EXPECT_TRUE(t.passed) << name << " test '" << t.test_name << "': expected "
                            << static_cast<int>(t.expected) << ", got "
                            << to_string(t.actual.status) << ": " << t.actual.message << t.error;
    }
  }
  EXPECT_EQ(policies, 4u);  // the intro example and the three complete examples
}

TEST(DocsExamples, CelLinesCompileAndFactsHold) {
  size_t lines = 0;
  size_t evaluated = 0;
  for (const auto& b : code_blocks()) {
    if (b.lang != "cel") continue;
    std::istringstream in(b.text);
    std::string line;
    for (int n = b.line + 1; std::getline(in, line); ++n) {
      // Strip a trailing `// comment` that is outside string literals.
      size_t cut = std::string::npos;
      char quote = 0;
      for (size_t i = 0; i + 1 < line.size(); ++i) {
        if (quote) {
          if (line[i] == '\\')
            ++i;
          else if (line[i] == quote)
            quote = 0;
        } else if (line[i] == '"' || line[i] == '\'') {
          quote = line[i];
        } else if (line[i] == '/' && line[i + 1] == '/') {
          cut = i;
          break;
        }
      }
      std::string expr = line.substr(0, cut);
      if (expr.find_first_not_of(' ') == std::string::npos) continue;
      ++lines;
      auto parsed = cel::parse(expr);
      ASSERT_TRUE(parsed.ok()) << "docs line " << n << ": " << expr << "\n"
                               << parsed.error().message;
      auto program = cel::Program::compile(parsed.value(), policy_detail::policy_env());
      EXPECT_TRUE(program.ok()) << "docs line " << n << ": " << expr << "\n"
                                << (program.ok() ? "" : program.error().message);
      if (!program.ok()) continue;
      // Lines that need no asset are facts: they evaluate without error, and
      // the boolean ones are true.
      bool needs_env = false;
      for (const char* word :
           {"resource", "params", "now", "related(", "assets(", "account(", "asset("}) {
        needs_env |= expr.find(word) != std::string::npos;
      }
      if (needs_env) continue;
      ++evaluated;
      const std::vector<cel::Value> vars(3);
      cel::Value v = program.value().evaluate(vars);
      EXPECT_FALSE(v.is_error()) << "docs line " << n << ": " << expr << " -> " << v.debug_string();
      if (v.kind() == cel::Kind::Bool) {
        EXPECT_TRUE(v.as_bool()) << "docs line " << n << ": " << expr << " is false";
      }
    }
  }
  EXPECT_GT(lines, 60u);
  EXPECT_GT(evaluated, 40u);
}

}  // namespace
}  // namespace vigil
