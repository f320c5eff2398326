// Per-deployment policy overrides (LoadOptions): disable, enable and
// severity, as vigil.yaml's `policies:` section sets them.
#include <gtest/gtest.h>

#include "policy/policy_set.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

std::string override_policy(const std::string& id, const std::string& extra = "") {
  return "id: " + id + "\ntitle: Title of " + id +
         "\nresource: r\nseverity: medium\ncategory: governance\ncondition: resource.name == ''\n" +
         extra;
}

std::string three() {
  return override_policy("a") + "---\n" + override_policy("b") + "---\n" +
         override_policy("off", "enabled: false\n");
}

TEST(PolicyOverrides, DisableRemovesAPolicyFromTheScan) {
  LoadOptions options;
  options.disable = {"a"};
  auto r = PolicySet::load_text(three(), "p.yaml", options);
  ASSERT_TRUE(r.ok()) << render_all(r);
  ASSERT_EQ(r.set.policies().size(), 1u);
  EXPECT_EQ(r.set.policies()[0]->policy.id, "b");
  EXPECT_EQ(r.set.find("a"), nullptr);

  options.include_disabled = true;  // `policy list` still shows it, as disabled
  auto all = PolicySet::load_text(three(), "p.yaml", options);
  ASSERT_TRUE(all.ok()) << render_all(all);
  ASSERT_NE(all.set.find("a"), nullptr);
  EXPECT_FALSE(all.set.find("a")->policy.enabled);
  EXPECT_EQ(all.set.for_type("r").size(), 1u);
}

TEST(PolicyOverrides, EnableTurnsOnAPolicyDisabledInItsFile) {
  LoadOptions options;
  options.enable = {"off"};
  auto r = PolicySet::load_text(three(), "p.yaml", options);
  ASSERT_TRUE(r.ok()) << render_all(r);
  ASSERT_NE(r.set.find("off"), nullptr);
  EXPECT_TRUE(r.set.find("off")->policy.enabled);
  EXPECT_EQ(r.set.for_type("r").size(), 3u);
}

TEST(PolicyOverrides, SeverityOverrideReplacesTheFilesSeverity) {
  LoadOptions options;
  options.severity_overrides["b"] = Severity::Critical;
  auto r = PolicySet::load_text(three(), "p.yaml", options);
  ASSERT_TRUE(r.ok()) << render_all(r);
  EXPECT_EQ(r.set.find("b")->policy.severity, Severity::Critical);
  EXPECT_EQ(r.set.find("a")->policy.severity, Severity::Medium);
}

TEST(PolicyOverrides, UnknownIdsAndContradictionsAreErrors) {
  LoadOptions options;
  options.disable = {"ghost", "a"};
  options.enable = {"a"};
  options.severity_overrides["phantom"] = Severity::Low;
  auto r = PolicySet::load_text(three(), "p.yaml", options);
  EXPECT_FALSE(r.ok());
  std::string all = render_all(r);
  EXPECT_NE(all.find("the disable list names policy 'ghost', which is not among the loaded policies"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("policy 'a' is both enabled and disabled"), std::string::npos) << all;
  EXPECT_NE(all.find("a severity override names policy 'phantom'"), std::string::npos) << all;
  EXPECT_EQ(r.diagnostics.size(), 3u) << all;
}

}  // namespace
}  // namespace vigil
