// Every CEL evaluation is bounded (cel/budget.h). Reproduced on main: the
// first expression below never ended and the second took 373 MB.
#include "cel/budget.h"

#include <gtest/gtest.h>

#include "cel/program.h"

namespace vigil::cel {
namespace {

Value eval(std::string_view text, const CallContext& ctx = {}) {
  auto parsed = parse(text);
  if (!parsed.ok()) return Value::error("parse: " + parsed.error().message);
  auto program = Program::compile(*parsed, Env{});
  if (!program.ok()) return Value::error("compile: " + program.error().message);
  return program->evaluate({}, ctx);
}

bool budget_error(const Value& v) {
  return v.is_error() &&
         v.debug_string().find("evaluation cost budget exceeded") != std::string::npos;
}

TEST(EvalBudget, NestedComprehensionsOverLargeRangesStop) {
  Value v = eval("lists.range(1000000).all(x, lists.range(1000000).all(y, true))");
  EXPECT_TRUE(budget_error(v)) << v.debug_string();
}

TEST(EvalBudget, ListsOfListsStopAtTheByteBudget) {
  Value v = eval("lists.range(3000).map(x, lists.range(3000)).size()");
  EXPECT_TRUE(budget_error(v)) << v.debug_string();
  EXPECT_NE(v.debug_string().find("bytes"), std::string::npos) << v.debug_string();
}

// `||` absorbs errors, but not this one: the expression did not finish.
TEST(EvalBudget, AnExhaustedBudgetIsNeverAbsorbed) {
  EXPECT_TRUE(budget_error(
      eval("lists.range(100000).exists(x, lists.range(1000).exists(y, y < 0)) || true")));
  EXPECT_TRUE(
      budget_error(eval("true || lists.range(100000).all(x, lists.range(1000).all(y, y >= 0))")) ==
      false);
}

TEST(EvalBudget, OrdinaryExpressionsFitAndLimitsAreTheCallers) {
  EXPECT_EQ(eval("lists.range(1000).filter(x, x % 2 == 0).size()").as_int(), 500);
  EvalBudget small(EvalLimits{.max_steps = 100, .max_bytes = 1 << 20});
  CallContext ctx;
  ctx.budget = &small;
  EXPECT_TRUE(budget_error(eval("lists.range(1000).filter(x, x % 2 == 0).size() == 500", ctx)));
  EXPECT_TRUE(small.exceeded());
  EvalBudget ample(EvalLimits{.max_steps = 10000, .max_bytes = 1 << 20});
  ctx.budget = &ample;
  EXPECT_TRUE(eval("lists.range(1000).filter(x, x % 2 == 0).size() == 500", ctx).as_bool());
  EXPECT_GE(ample.steps(), 1000u);
}

TEST(EvalBudget, StringGrowthCountsBytes) {
  EvalBudget budget(EvalLimits{.max_steps = 1'000'000, .max_bytes = 10'000});
  CallContext ctx;
  ctx.budget = &budget;
  Value v = eval(
      "lists.range(200).map(x, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' + "
      "string(x)).size()",
      ctx);
  EXPECT_TRUE(budget_error(v)) << v.debug_string();
}

// Found in review: single calls whose work is quadratic in their arguments.
TEST(EvalBudget, QuadraticCallsAreChargedBeforeTheyRun) {
  Value contains = eval("sets.contains(lists.range(700000), lists.range(700000))");
  EXPECT_TRUE(budget_error(contains)) << contains.debug_string();
  // A 20 KB text with an empty `from` would build 400 MB.
  Value replaced = eval(
      "lists.range(20000).map(x, 'a').join('').replace('', lists.range(20000).map(x, "
      "'b').join('')).size()");
  EXPECT_TRUE(budget_error(replaced)) << replaced.debug_string();
  // `in` over a list walks it.
  Value in = eval("cel.bind(l, lists.range(100), lists.range(1000).all(x, !((x + 1000000) in l)))");
  EXPECT_TRUE(in.kind() == Kind::Bool && in.as_bool()) << in.debug_string();
  Value walk =
      eval("cel.bind(l, lists.range(5000), lists.range(5000).all(x, !((x + 1000000) in l)))");
  EXPECT_TRUE(budget_error(walk)) << walk.debug_string();
}

}  // namespace
}  // namespace vigil::cel
