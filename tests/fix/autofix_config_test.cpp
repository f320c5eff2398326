// `autofix:` in policies (the reader's errors at file:line:col, the check
// against the fix registry), the pack's autofix declarations, and
// vigil.yaml `fixes: autofix:` (every key, and its errors).
#include <gtest/gtest.h>

#include <string>

#include "daemon/autofix_tick.h"
#include "daemon/config.h"
#include "fix/autofix_check.h"
#include "fix/registry.h"
#include "policy/policy_set.h"

namespace vigil::fix {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// A policy of the pack's shape with `autofix` as its last lines.
std::string policy(const std::string& autofix, const std::string& resource = "aws.s3.bucket",
                   const std::string& id = "aws-s3-bucket-public-access-block") {
  return "id: " + id + "\ntitle: t\nresource: " + resource +
         "\nseverity: high\ncategory: security\ncondition: \"true\"\n" + autofix;
}

std::string rendered(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += d.render() + "\n";
  return out;
}

TEST(AutofixPolicy, ReadsEveryKey) {
  auto loaded = PolicySet::load_text(
      policy("autofix:\n  action: s3-block-public-access\n  grace: 1d12h\n  mode: manual\n"
             "  notify: [owners, secops@example.com]\n"),
      "p.yaml");
  ASSERT_TRUE(loaded.ok()) << rendered(loaded.diagnostics);
  const Policy& p = loaded.set.policies().front()->policy;
  ASSERT_TRUE(p.autofix);
  EXPECT_EQ(p.autofix->action, "s3-block-public-access");
  EXPECT_EQ(p.autofix->grace_seconds, 36 * 3600);
  EXPECT_EQ(p.autofix->mode, Autofix::Mode::Manual);
  EXPECT_EQ(p.autofix->notify, (std::vector<std::string>{"owners", "secops@example.com"}));
  EXPECT_EQ(p.autofix->action_pos.line, 8);
  EXPECT_EQ(p.autofix->action_pos.column, 11);
  EXPECT_TRUE(policy_problems(loaded.set).empty());

  auto defaults = PolicySet::load_text(
      policy("autofix: {action: s3-block-public-access, grace: 24h}\n"), "p.yaml");
  ASSERT_TRUE(defaults.ok()) << rendered(defaults.diagnostics);
  const Autofix& d = *defaults.set.policies().front()->policy.autofix;
  EXPECT_EQ(d.mode, Autofix::Mode::Auto);
  EXPECT_EQ(d.notify, std::vector<std::string>{"owners"});
}

TEST(AutofixPolicy, ShapeErrorsNameTheirPlace) {
  auto errors = [](const std::string& autofix) {
    return rendered(PolicySet::load_text(policy(autofix), "p.yaml").diagnostics);
  };
  EXPECT_NE(errors("autofix: {action: s3-block-public-access, grace: soon}\n")
                .find("p.yaml:7:50: error: 'grace' must be a positive duration, got 'soon'"),
            std::string::npos)
      << errors("autofix: {action: s3-block-public-access, grace: soon}\n");
  EXPECT_EQ(
      errors("autofix: {action: s3-block-public-access, grace: soon}\n").find("needs a grace"),
      std::string::npos);  // invalid, not missing
  EXPECT_NE(errors("autofix: {action: s3-block-public-access, grace: 1h, mode: later}\n")
                .find("p.yaml:7:60: error: 'mode' must be auto or manual, got 'later'"),
            std::string::npos);
  EXPECT_NE(errors("autofix: {grace: 1h}\n").find("p.yaml:7:1: error: 'autofix' needs an action"),
            std::string::npos)
      << errors("autofix: {grace: 1h}\n");
  EXPECT_NE(errors("autofix: {action: s3-block-public-access}\n")
                .find("p.yaml:7:1: error: 'autofix' needs a grace period"),
            std::string::npos);
  EXPECT_NE(errors("autofix: {action: s3-block-public-access, grace: 1h, notify: [bob]}\n")
                .find("p.yaml:7:63: error: 'bob' is neither `owners` nor an e-mail address"),
            std::string::npos)
      << errors("autofix: {action: s3-block-public-access, grace: 1h, notify: [bob]}\n");
  EXPECT_NE(errors("autofix: {action: s3-block-public-access, grace: 1h, when: now}\n")
                .find("error: unknown key 'when' in autofix"),
            std::string::npos)
      << errors("autofix: {action: s3-block-public-access, grace: 1h, when: now}\n");
  EXPECT_NE(errors("autofix: s3-block-public-access\n").find("'autofix' must be a map"),
            std::string::npos);
}

TEST(AutofixPolicy, ActionMustExistAndServeThePolicy) {
  auto problems = [](const std::string& text) {
    auto loaded = PolicySet::load_text(text, "p.yaml");
    EXPECT_TRUE(loaded.ok()) << rendered(loaded.diagnostics);
    return rendered(policy_problems(loaded.set));
  };
  EXPECT_NE(problems(policy("autofix: {action: s3-make-private, grace: 1h}\n"))
                .find("p.yaml:7:19: error: no fix action 's3-make-private'"),
            std::string::npos)
      << problems(policy("autofix: {action: s3-make-private, grace: 1h}\n"));
  EXPECT_NE(problems(policy("autofix: {action: kms-enable-rotation, grace: 1h}\n"))
                .find("fix action 'kms-enable-rotation' fixes aws.kms.key, not this policy's "
                      "resource aws.s3.bucket"),
            std::string::npos);
  EXPECT_NE(problems(policy("autofix: {action: s3-block-public-access, grace: 1h}\n",
                            "aws.s3.bucket", "my-own-s3-policy"))
                .find("fix action 's3-block-public-access' does not serve policy "
                      "'my-own-s3-policy'"),
            std::string::npos);
}

TEST(AutofixPolicy, ThePackDeclaresAutofixWhereAFixExists) {
  auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(rendered(policy_problems(loaded.set)), "");
  size_t declared = 0;
  for (const auto& p : loaded.set.policies()) {
    const FixAction* served_by = action_for_policy(p->policy.id);
    EXPECT_EQ(autofix_action(p->policy), served_by) << p->policy.id;
    if (!p->policy.autofix) continue;
    ++declared;
    EXPECT_GE(p->policy.autofix->grace_seconds, 24 * 3600) << p->policy.id;
  }
  EXPECT_EQ(declared, 13u);
}

TEST(AutofixConfig, ReadsEveryKey) {
  auto load = daemon::load_config_text(R"(fixes:
  enabled: true
  mode: apply
  accounts: ["123456789012", "210987654321"]
  autofix:
    policies: [aws-s3-bucket-public]
    accounts: ["123456789012"]
    groups: [prod]
    reminders: [1d, 2h]
    limits: {per_run: 2, per_hour: 7, per_account_per_hour: 3}
    exception_help: File a SECOPS ticket.
    retry_after: 5m
)",
                                       "/etc/vigil/vigil.yaml");
  for (const auto& d : load.diagnostics) ADD_FAILURE() << d.render();
  const AutofixSettings& a = load.config.fixes.autofix;
  EXPECT_EQ(a.policies, std::vector<std::string>{"aws-s3-bucket-public"});
  EXPECT_EQ(a.accounts, std::vector<std::string>{"123456789012"});
  EXPECT_EQ(a.groups, std::vector<std::string>{"prod"});
  EXPECT_EQ(a.reminders, (std::vector<std::chrono::seconds>{hours(24), hours(2)}));
  EXPECT_EQ(a.limits.per_run, 2u);
  EXPECT_EQ(a.limits.per_hour, 7u);
  EXPECT_EQ(a.limits.per_account_per_hour, 3u);
  EXPECT_EQ(a.exception_help, "File a SECOPS ticket.");
  EXPECT_EQ(a.retry_after, minutes(5));

  auto defaults = daemon::load_config_text("fixes:\n  enabled: true\n", "/v.yaml");
  EXPECT_TRUE(defaults.config.fixes.autofix.policies.empty());  // off unless listed
  EXPECT_EQ(defaults.config.fixes.autofix.reminders,
            (std::vector<std::chrono::seconds>{hours(12), hours(1)}));
}

TEST(AutofixConfig, ErrorsNameTheLine) {
  auto errors = [](const std::string& autofix) {
    auto load = daemon::load_config_text("fixes:\n  autofix:\n" + autofix, "/v.yaml");
    std::string out;
    for (const auto& d : load.diagnostics) out += d.render() + "\n";
    return out;
  };
  EXPECT_NE(errors("    reminders: [1h, soon]\n").find("/v.yaml:3:21: error:"), std::string::npos)
      << errors("    reminders: [1h, soon]\n");
  EXPECT_NE(errors("    limits: {per_hour: 2.5}\n")
                .find("/v.yaml:3:24: error: 'per_hour' must be a whole number"),
            std::string::npos)
      << errors("    limits: {per_hour: 2.5}\n");
  EXPECT_NE(errors("    accounts: [\"12345\"]\n")
                .find("'accounts' holds '12345', not a 12-digit account id"),
            std::string::npos);
  EXPECT_NE(errors("    polices: [x]\n").find("did you mean 'policies'?"), std::string::npos)
      << errors("    polices: [x]\n");
}

// `fixes: flow_logs:` (ec2-vpc-flow-logs): one destination, whole, handed
// to the actions as PlanInput settings.
TEST(AutofixConfig, FlowLogDestination) {
  auto load = daemon::load_config_text(R"(fixes:
  flow_logs:
    log_group: vpc-flow-logs
    role_arn: arn:aws:iam::123456789012:role/flow-logs
    traffic_type: REJECT
)",
                                       "/v.yaml");
  for (const auto& d : load.diagnostics) ADD_FAILURE() << d.render();
  Settings s = daemon::fix_settings(load.config.fixes);
  EXPECT_EQ(s.action_settings["flow_logs"],
            (nlohmann::json{{"log_group", "vpc-flow-logs"},
                            {"role_arn", "arn:aws:iam::123456789012:role/flow-logs"},
                            {"traffic_type", "REJECT"}}));
  EXPECT_FALSE(daemon::fix_settings(daemon::load_config_text("fixes: {}\n", "/v.yaml").config.fixes)
                   .action_settings.contains("flow_logs"));

  auto errors = [](const std::string& logs) {
    auto load = daemon::load_config_text("fixes:\n  flow_logs:\n" + logs, "/v.yaml");
    std::string out;
    for (const auto& d : load.diagnostics) out += d.render() + "\n";
    return out;
  };
  EXPECT_NE(errors("    log_group: g\n").find("log_group needs role_arn"), std::string::npos);
  EXPECT_NE(errors("    s3_arn: acme-logs\n").find("/v.yaml:3:13: error: 's3_arn' must be an S3"),
            std::string::npos)
      << errors("    s3_arn: acme-logs\n");
  EXPECT_NE(errors("    s3_arn: arn:aws:s3:::b\n    log_group: g\n    role_arn: "
                   "arn:aws:iam::123456789012:role/r\n")
                .find("names two destinations"),
            std::string::npos);
  EXPECT_NE(errors("    s3_arn: arn:aws:s3:::b\n    traffic_type: all\n")
                .find("'traffic_type' must be ALL, ACCEPT or REJECT"),
            std::string::npos);
}

TEST(AutofixConfig, SettingsNamingWhatCannotBeEnabled) {
  auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
  ASSERT_TRUE(loaded.ok());
  AutofixSettings s;
  s.policies = {"aws-s3-bucket-public", "no-such-policy", "aws-s3-bucket-versioning-disabled"};
  auto problems = settings_problems(s, loaded.set);
  ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
  EXPECT_EQ(problems[0], "fixes.autofix.policies: 'no-such-policy' is not a loaded policy");
  EXPECT_NE(problems[1].find("declares no `autofix:`"), std::string::npos) << problems[1];
}

}  // namespace
}  // namespace vigil::fix
