// vigil.yaml: the example file loads with every section; every error is
// file:line:col with the line, a caret and a hint; unknown keys suggest.
#include "daemon/config.h"
#include "core/time_text.h"

#include "daemon/source_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace vigil::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

std::string render_all(const ConfigLoad& load) {
  std::string out;
  for (const auto& d : load.diagnostics) out += d.render() + "\n";
  return out;
}

ConfigLoad load(const std::string& text) { return load_config_text(text, "/etc/vigil/vigil.yaml"); }

// The only error of `text`, rendered.
std::string only_error(const std::string& text) {
  ConfigLoad l = load(text);
  std::string all = render_all(l);
  EXPECT_FALSE(l.ok()) << text;
  size_t errors = 0;
  std::string first;
  for (const auto& d : l.diagnostics)
    if (d.level == Diagnostic::Level::Error && errors++ == 0) first = d.render();
  EXPECT_EQ(errors, 1u) << all;
  return first;
}

const char* kSource = "sources:\n  - name: s\n    kind: inventory\n    path: inv.jsonl\n    cadence: {interval: 1h}\n";

TEST(Config, ExampleFileLoadsEverySection) {
  std::string file = std::string(VIGIL_SOURCE_DIR) + "/examples/vigil.yaml";
  ConfigLoad l = load_config(file);
  ASSERT_TRUE(l.ok()) << render_all(l);
  const Config& c = l.config;
  fs::path examples = fs::path(VIGIL_SOURCE_DIR) / "examples";
  EXPECT_EQ(c.store, (examples / "vigil.db").lexically_normal().string());
  EXPECT_TRUE(l.diagnostics.empty()) << render_all(l);  // no warning either: no overlap
  ASSERT_EQ(c.sources.size(), 2u);
  EXPECT_EQ(c.sources[0].name, "estate");
  EXPECT_EQ(c.sources[0].kind, SourceKind::Capture);
  EXPECT_EQ(c.sources[0].path, (examples / "estate").lexically_normal().string());
  EXPECT_EQ(c.sources[0].cadence.interval, hours(6));
  EXPECT_EQ(c.sources[0].cadence.jitter, minutes(10));
  EXPECT_EQ(c.sources[1].kind, SourceKind::Aws);
  EXPECT_EQ(c.sources[1].accounts, (std::vector<std::string>{"444444444444", "555555555555"}));
  EXPECT_EQ(c.sources[1].profile, "audit");
  ASSERT_TRUE(c.sources[1].cadence.cron.has_value());
  EXPECT_EQ(c.sources[1].cadence.cron->text(), "0 2 * * *");
  ASSERT_EQ(c.policies.paths.size(), 1u);
  EXPECT_TRUE(fs::is_directory(c.policies.paths[0])) << c.policies.paths[0];
  EXPECT_EQ(c.policies.params.at("aws-iam-access-key-age").at("max_age_days"), 60);
  EXPECT_EQ(c.policies.severity.at("aws-s3-bucket-versioning-disabled"), Severity::Low);
  EXPECT_EQ(c.policies.disable, (std::set<std::string>{"aws-ec2-instance-stopped-long"}));
  ASSERT_EQ(c.groups.size(), 3u);
  EXPECT_EQ(c.groups[0].criteria["accounts"], nlohmann::json::array({"111111111111"}));
  EXPECT_EQ(c.groups[1].criteria["tags"]["owner"], "web");
  EXPECT_TRUE(c.groups[2].criteria.contains("condition"));
  EXPECT_EQ(c.exception_max_duration, hours(24 * 90));
  ASSERT_EQ(c.exceptions.size(), 1u);
  EXPECT_EQ(c.exceptions[0].group, "sandbox");
  EXPECT_EQ(c.exceptions[0].ticket, "SEC-1234");
  EXPECT_EQ(c.exceptions[0].expires, sys_days(year(2027) / 2 / 15));
  EXPECT_EQ(c.scoring.category.at("security"), 50);
  EXPECT_EQ(c.scoring.severity.at("high"), 5);
  EXPECT_EQ(c.server.listen, "127.0.0.1:8080");
}

TEST(Config, ExampleFilesPolicyOverridesApplyToTheBundledPolicies) {
  ConfigLoad l = load_config(std::string(VIGIL_SOURCE_DIR) + "/examples/vigil.yaml");
  ASSERT_TRUE(l.ok()) << render_all(l);
  auto options = policy_load_options(l.config.policies, l.config.limits);
  ASSERT_TRUE(options.ok());
  auto loaded = PolicySet::load(l.config.policies.paths, *options);
  std::string all;
  for (const auto& d : loaded.diagnostics) all += d.render() + "\n";
  ASSERT_TRUE(loaded.ok()) << all;
  EXPECT_EQ(loaded.set.find("aws-ec2-instance-stopped-long"), nullptr);  // disabled
  ASSERT_NE(loaded.set.find("aws-s3-bucket-versioning-disabled"), nullptr);
  EXPECT_EQ(loaded.set.find("aws-s3-bucket-versioning-disabled")->policy.severity, Severity::Low);
}

// vigil.yaml params go through the policy files' JSON -> CEL conversion (the
// daemon had its own, which made a small unsigned JSON number a CEL uint):
// `max_age_days: 60` is an int, as in a policy file.
TEST(Config, ParamOverridesAreTheValuesAPolicyFileWouldGive) {
  ConfigLoad l = load("policies:\n  params: {aws-iam-access-key-age.max_age_days: 60}\n");
  ASSERT_TRUE(l.ok()) << render_all(l);
  auto options = policy_load_options(l.config.policies, l.config.limits);
  ASSERT_TRUE(options.ok());
  const cel::Value& v = options->param_overrides.at("aws-iam-access-key-age").at("max_age_days");
  EXPECT_EQ(v.kind(), cel::Kind::Int);
}

// Reproduced on main: the shipped example's sources covered the same
// accounts and nothing said so.
TEST(Config, SourcesOverTheSameAccountsAreAWarningAtTheSecond) {
  std::string estate = std::string(VIGIL_SOURCE_DIR) + "/examples/estate";
  ConfigLoad l = load(
      "sources:\n"
      "  - {name: estate, kind: capture, path: " +
      estate +
      ", cadence: {interval: 6h}}\n"
      "  - name: live\n"
      "    kind: aws\n"
      "    accounts: ['999999999999', '222222222222']\n"
      "    role: r\n"
      "    regions: [us-east-1]\n"
      "    cadence: {interval: 6h}\n"
      "  - {name: again, kind: capture, path: " +
      estate + ", cadence: {interval: 1h}}\n");
  ASSERT_TRUE(l.ok()) << render_all(l);  // a warning, not an error
  std::string all = render_all(l);
  EXPECT_NE(all.find(":3:5: warning: sources 'estate' and 'live' both cover account "
                     "222222222222"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(":9:5: warning: sources 'estate' and 'again' both cover the same path"),
            std::string::npos)
      << all;
}

// Reproduced on main: a sticky exception longer than max_duration loaded
// fine and was refused later, as a log line of `vigil serve`.
TEST(Config, AStickyExceptionLongerThanMaxDurationIsALoadErrorAtItsExpiry) {
  ConfigLoad l = load(
      "exceptions:\n"
      "  sticky:\n"
      "    - category: cost\n"
      "      condition: \"true\"\n"
      "      reason: r\n"
      "      granted_by: ciso\n"
      "      expires: 2099-01-01\n"
      "  max_duration: 30d\n");
  EXPECT_FALSE(l.ok());
  std::string all = render_all(l);
  EXPECT_NE(all.find("vigil.yaml:7:16: error: this exception expires more than "
                     "exceptions.max_duration"),
            std::string::npos)
      << all;
}

TEST(Config, LimitsAreSetByNameAndReachTheirModules) {
  ConfigLoad l = load("limits:\n  evaluation_steps: 20000000\n  http_response_bytes: 512MiB\n");
  ASSERT_TRUE(l.ok()) << render_all(l);
  EXPECT_EQ(l.config.limits.evaluation_steps, 20'000'000u);
  EXPECT_EQ(l.config.limits.http_response_bytes, 512ull << 20);
  EXPECT_EQ(l.config.limits.listing_pages, Limits{}.listing_pages);
  auto options = policy_load_options(l.config.policies, l.config.limits);
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->limits.evaluation_steps, 20'000'000u);

  std::string bad = only_error("limits:\n  evaluation_bytes: 64MB\n");
  EXPECT_NE(bad.find("vigil.yaml:2:21"), std::string::npos) << bad;
  EXPECT_NE(bad.find("a positive size"), std::string::npos) << bad;
  std::string unknown = only_error("limits:\n  evaluation_step: 5\n");
  EXPECT_NE(unknown.find("evaluation_steps"), std::string::npos) << unknown;
}

// docs/configuration.md lists every limit with its default, as core/limits.h has it.
TEST(Config, TheDocumentedLimitsAreTheLimits) {
  std::ifstream in(fs::path(VIGIL_SOURCE_DIR) / "docs" / "configuration.md");
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Limits defaults;
  for (const LimitInfo& info : limit_table()) {
    std::string value = format_limit(info, defaults.*(info.member));
    value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
    std::string row = "| `" + std::string(info.name) + "` | " + value + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/configuration.md lacks the row " << row;
  }
}

TEST(Config, CompanySaysWhichOrganizationAndAccountsAreOurs) {
  ConfigLoad l = load("company:\n  organization: o-a1b2c3d4e5\n  accounts: [\"012345678901\"]\n");
  ASSERT_TRUE(l.ok()) << render_all(l);
  EXPECT_EQ(l.config.company.organization, "o-a1b2c3d4e5");
  EXPECT_EQ(l.config.company.accounts, std::vector<std::string>{"012345678901"});
  std::string bad_org = render_all(load("company:\n  organization: acme\n"));
  EXPECT_NE(
      bad_org.find(
          "vigil.yaml:2:17: error: 'organization' must be an AWS Organizations id, got 'acme'"),
      std::string::npos)
      << bad_org;
  // YAML reads an unquoted 012345678901 as a number and drops the leading zero.
  std::string bad_account = render_all(load("company:\n  accounts: [12345678901]\n"));
  EXPECT_NE(bad_account.find("'accounts' holds '12345678901', not a 12-digit account id"),
            std::string::npos)
      << bad_account;
}

TEST(Config, EmptyFileGivesDefaults) {
  ConfigLoad l = load("");
  ASSERT_TRUE(l.ok()) << render_all(l);
  EXPECT_EQ(l.config.store, "/etc/vigil/vigil.db");
  EXPECT_TRUE(l.config.sources.empty());
  EXPECT_EQ(l.config.server.listen, "127.0.0.1:8080");
}

TEST(Config, UnknownKeyIsAnErrorWithCaretAndSuggestion) {
  EXPECT_EQ(only_error("store: x.db\nsorces: []\n"),
            "/etc/vigil/vigil.yaml:2:1: error: unknown key 'sorces' in vigil.yaml\n"
            "    2 | sorces: []\n"
            "      | ^\n"
            "hint: did you mean 'sources'?");
  EXPECT_EQ(only_error("sources:\n  - name: s\n    kind: inventory\n    path: inv.jsonl\n    cadense: {interval: 1h}\n"),
            "/etc/vigil/vigil.yaml:5:5: error: unknown key 'cadense' in a source\n"
            "    5 |     cadense: {interval: 1h}\n"
            "      |     ^\n"
            "hint: did you mean 'cadence'?");
}

TEST(Config, CronErrorsPointInsideTheExpression) {
  std::string text = "sources:\n  - name: s\n    kind: inventory\n    path: inv.jsonl\n"
                     "    cadence: {cron: \"0 */6 * 13 *\"}\n";
  EXPECT_EQ(only_error(text),
            "/etc/vigil/vigil.yaml:5:30: error: cron: month 13 is out of range 1-12\n"
            "    5 |     cadence: {cron: \"0 */6 * 13 *\"}\n"
            "      |                              ^\n"
            "hint: five fields: minute hour day-of-month month day-of-week, e.g. \"0 */6 * * *\" (quote it)");
}

TEST(Config, SourceErrors) {
  std::string base = "sources:\n  - name: s\n    path: inv.jsonl\n";
  EXPECT_NE(only_error(base + "    kind: captur\n    cadence: {interval: 1h}\n")
                .find("4:11: error: unknown source kind 'captur'\n"),
            std::string::npos);
  EXPECT_NE(only_error(base + "    kind: captur\n    cadence: {interval: 1h}\n").find("hint: did you mean 'capture'?"),
            std::string::npos);
  EXPECT_NE(only_error(base + "    kind: inventory\n").find("2:5: error: source 's' needs a cadence"),
            std::string::npos);
  EXPECT_NE(
      only_error(base + "    kind: inventory\n    cadence: {interval: 6 hours}\n")
          .find("5:25: error: 'interval': '6 hours' is not a duration: write a number and a unit"),
      std::string::npos);
  EXPECT_NE(only_error(base + "    kind: inventory\n    cadence: {interval: 1h, cron: \"* * * * *\"}\n")
                .find("error: give either 'interval' or 'cron', not both"),
            std::string::npos);
  EXPECT_NE(only_error(base + "    kind: inventory\n    cadence: {interval: 1h}\n    profile: x\n")
                .find("6:5: error: 'profile' only applies to sources of kind aws"),
            std::string::npos);
  EXPECT_NE(only_error(std::string(kSource) + "  - name: s\n    kind: capture\n    path: c\n"
                                              "    cadence: {interval: 2h}\n")
                .find("6:5: error: duplicate source name 's' (first defined at /etc/vigil/vigil.yaml:2:5)"),
            std::string::npos);
  EXPECT_NE(only_error("sources:\n  - name: live\n    kind: aws\n    accounts: [\"1234\"]\n"
                       "    cadence: {interval: 1h}\n")
                .find("error: source 'live': '1234' is not an AWS account id"),
            std::string::npos);
}

TEST(Config, MissingSourcePathIsAWarningNotAnError) {
  ConfigLoad l = load(kSource);
  ASSERT_TRUE(l.ok()) << render_all(l);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].level, Diagnostic::Level::Warning);
  EXPECT_NE(l.diagnostics[0].message.find("/etc/vigil/inv.jsonl does not exist (yet)"), std::string::npos);
}

TEST(Config, PolicySectionErrors) {
  EXPECT_NE(only_error("policies:\n  severity:\n    some-policy: hihg\n")
                .find("3:18: error: 'hihg' is not a severity\n"),
            std::string::npos);
  EXPECT_NE(only_error("policies:\n  severity:\n    some-policy: hihg\n").find("hint: did you mean 'high'?"),
            std::string::npos);
  EXPECT_NE(only_error("policies:\n  params:\n    max_age_days: 3\n")
                .find("3:5: error: parameter override 'max_age_days' must be POLICY_ID.PARAM"),
            std::string::npos);
  EXPECT_NE(only_error("policies:\n  disabled: [x]\n").find("hint: did you mean 'disable'?"), std::string::npos);
}

TEST(Config, GroupAndExceptionErrors) {
  // A CEL error in a group condition points at the offending character.
  std::string e = only_error("groups:\n  - name: g\n    condition: resource.tags.env == \n");
  EXPECT_NE(e.find("/etc/vigil/vigil.yaml:3:"), std::string::npos) << e;
  EXPECT_NE(e.find("    3 |     condition: resource.tags.env =="), std::string::npos) << e;
  EXPECT_NE(only_error("groups:\n  - name: g\n  - name: g\n").find("3:5: error: duplicate group name 'g'"),
            std::string::npos);
  std::string sticky = "exceptions:\n  sticky:\n    - policies: [p]\n      condition: \"true\"\n"
                       "      reason: r\n      granted_by: me\n";
  EXPECT_NE(only_error(sticky).find("3:7: error: a sticky exception needs an expiry"), std::string::npos);
  EXPECT_NE(only_error(sticky + "      expires: soon\n").find("7:16: error: 'expires' must be a time, got 'soon'"),
            std::string::npos);
  EXPECT_NE(only_error("exceptions:\n  max_duration: 0d\n").find("2:17: error: 'max_duration' must be longer than 0s"),
            std::string::npos);
  ConfigLoad ok = load(sticky + "      expires: 2030-01-01\n  max_duration: 3650d\n");
  EXPECT_TRUE(ok.ok()) << render_all(ok);
}

TEST(Config, ScoringServerAndSyntaxErrors) {
  EXPECT_NE(only_error("scoring:\n  category: {securty: 40}\n").find("hint: did you mean 'security'?"),
            std::string::npos);
  EXPECT_NE(only_error("scoring:\n  severity: {high: -1}\n").find("2:20: error: 'high' must be a number >= 0"),
            std::string::npos);
  EXPECT_NE(only_error("server:\n  listen: localhost\n").find("2:11: error: 'listen' must be HOST:PORT"),
            std::string::npos);
  EXPECT_NE(only_error("sources: [\n").find("error: YAML syntax error"), std::string::npos);
  EXPECT_NE(only_error("- a\n- b\n").find("1:1: error: vigil.yaml must be a map of sections"), std::string::npos);
}

TEST(Config, Durations) {
  EXPECT_EQ(parse_span("90s").value(), seconds(90));
  EXPECT_EQ(parse_span("1h30m").value(), minutes(90));
  EXPECT_EQ(parse_span("2w").value(), hours(24 * 14));
  EXPECT_EQ(parse_span("1.5h").value(), minutes(90));
  EXPECT_FALSE(parse_span("").ok());
  EXPECT_FALSE(parse_span("5").ok());
  EXPECT_FALSE(parse_span("h").ok());
  EXPECT_FALSE(parse_span("-1h").ok());
  EXPECT_FALSE(parse_span("1.5s").ok());  // whole seconds
  EXPECT_EQ(format_span(minutes(90)), "1h30m");
  EXPECT_EQ(format_span(hours(48)), "2d");
}

}  // namespace
}  // namespace vigil::daemon

namespace vigil::daemon {
namespace {

TEST(ConfigFixes, OffAndDryRunByDefaultAndReadWhenGiven) {
  auto empty = load_config_text("", "/tmp/vigil.yaml");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.config.fixes.enabled);
  EXPECT_TRUE(empty.config.fixes.dry_run);
  EXPECT_TRUE(empty.config.fixes.accounts.empty());
  auto given = load_config_text(
      "fixes:\n  enabled: true\n  mode: apply\n  accounts: [\"012345678901\"]\n  role: vigil-fix\n",
      "/tmp/vigil.yaml");
  ASSERT_TRUE(given.ok());
  EXPECT_TRUE(given.config.fixes.enabled);
  EXPECT_FALSE(given.config.fixes.dry_run);
  EXPECT_EQ(given.config.fixes.accounts, std::vector<std::string>{"012345678901"});
  EXPECT_EQ(given.config.fixes.role, "vigil-fix");
  EXPECT_FALSE(load_config_text("fixes:\n  mode: yolo\n", "/tmp/vigil.yaml").ok());
  EXPECT_FALSE(load_config_text("fixes:\n  accounts: [\"12\"]\n", "/tmp/vigil.yaml").ok());
}

TEST(ConfigWorkers, OffByDefaultAndBoundedWhenGiven) {
  auto empty = load_config_text("", "/tmp/vigil.yaml");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.config.workers.enabled);
  EXPECT_EQ(empty.config.workers.lease, std::chrono::seconds(60));
  EXPECT_EQ(empty.config.workers.attempts, 3);
  auto given =
      load_config_text("workers:\n  enabled: true\n  lease: 2m\n  attempts: 5\n  job_folders: 40\n",
                       "/tmp/vigil.yaml");
  ASSERT_TRUE(given.ok());
  EXPECT_TRUE(given.config.workers.enabled);
  EXPECT_EQ(given.config.workers.lease, std::chrono::minutes(2));
  EXPECT_EQ(given.config.workers.attempts, 5);
  EXPECT_EQ(given.config.workers.job_folders, 40u);
  EXPECT_EQ(empty.config.workers.job_folders, 64u);
  auto short_lease = load_config_text("workers:\n  lease: 1s\n", "/tmp/vigil.yaml");
  ASSERT_FALSE(short_lease.ok());
  EXPECT_NE(short_lease.diagnostics.at(0).message.find("at least 3s"), std::string::npos);
  EXPECT_FALSE(load_config_text("workers:\n  attempts: 0\n", "/tmp/vigil.yaml").ok());
  EXPECT_FALSE(load_config_text("workers:\n  attempts: 2.5\n", "/tmp/vigil.yaml").ok());
  EXPECT_FALSE(load_config_text("workers:\n  enabled: yes please\n", "/tmp/vigil.yaml").ok());
  EXPECT_FALSE(load_config_text("workers:\n  replicas: 3\n", "/tmp/vigil.yaml").ok());
  EXPECT_FALSE(load_config_text("workers:\n  job_folders: 0\n", "/tmp/vigil.yaml").ok());
}

}  // namespace
}  // namespace vigil::daemon
