// cel/cost.h: the static cost estimate flags the runaway conditions of the
// [Hardening] issue and leaves the shapes real policies use under budget.
#include "cel/cost.h"

#include <gtest/gtest.h>

#include "cel/budget.h"

namespace vigil::cel {
namespace {

CostEstimate cost_of(const std::string& text) {
  auto parsed = parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  if (!parsed.ok()) return {};
  return estimate_cost(*parsed->root);
}

const double kSteps = static_cast<double>(EvalLimits{}.max_steps);
const double kBytes = static_cast<double>(EvalLimits{}.max_bytes);

TEST(Cost, NestedHugeRangesPassTheStepBudget) {
  std::string text = "lists.range(1000000).all(x, lists.range(1000000).all(y, true))";
  CostEstimate c = cost_of(text);
  EXPECT_GT(c.steps, 1e12);
  EXPECT_EQ(c.hottest_offset, static_cast<int64_t>(text.find("all(")));  // the outer macro
}

TEST(Cost, ListsOfListsPassTheByteBudget) {
  CostEstimate c = cost_of("lists.range(3000).map(x, lists.range(3000))");
  EXPECT_GT(c.bytes, kBytes);
}

TEST(Cost, AComputedRangeIsAsLargeAsRangeAllows) {
  EXPECT_GT(
      cost_of("lists.range(size(resource.x) * 1000).all(i, lists.range(i).all(j, true))").steps,
      kSteps);
}

TEST(Cost, ThePolicyShapesStayUnderBudget) {
  for (const char* text : {
           "resource.config.IpPermissions.exists(p, p.IpRanges.exists(r, r.CidrIp == '0.0.0.0/0'))",
           "resource.config.Grants.map(g, g.Grantee.URI).filter(u, u.endsWith('AllUsers')).size() "
           "> 0",
           "lists.range(3000).map(x, x * 2).size() > 0",
           "resource.tags.all(k, k in params.required)",
       }) {
    CostEstimate c = cost_of(text);
    EXPECT_LT(c.steps, kSteps) << text;
    EXPECT_LT(c.bytes, kBytes) << text;
  }
}

TEST(Cost, LetsArePaidOnceAndKeepTheirSize) {
  auto let = parse("lists.range(5000)");
  ASSERT_TRUE(let.ok());
  std::vector<NamedExpr> lets;
  lets.push_back(NamedExpr{"big", std::move(*let)});
  auto condition = parse("big.all(x, big.all(y, x != y))");
  ASSERT_TRUE(condition.ok());
  CostEstimate c = estimate_cost(*condition->root, lets);
  EXPECT_GT(c.steps, 2.5e7);       // 5000 x 5000
  EXPECT_EQ(c.hottest_offset, 4);  // the outer `all`
}

}  // namespace
}  // namespace vigil::cel
