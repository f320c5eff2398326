// AutoFix's grace period end to end, in injected time (no sleeping):
// buckets made in moto_server with boto3 (tests/connectors/boto3_calls.h),
// scanned by the daemon's scan_source, planned, announced, reminded and
// fixed by AutoFix ticks (fix/autofix.h through daemon/autofix_tick.h), the
// notices delivered by the daemon's Notifier to a real SMTP server
// (tests/notify/smtp_sink.py, Debian's python3-aiosmtpd) and read back from
// it, the buckets read back with boto3. One moto_server per process (reset
// per test). The scans collect buckets and the account (the bucket policies
// read the account's Block Public Access), nothing else.
//
// The pack's aws-s3-bucket-public-access-block declares
// `autofix: {action: s3-block-public-access, grace: 3d}`: a scan at T0
// gives a deadline of T0 + 3d.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../connectors/boto3_calls.h"
#include "../connectors/moto_server.h"
#include "../connectors/run_command.h"
#include "../notify/smtp_sink.h"
#include "core/time_text.h"
#include "daemon/autofix_tick.h"
#include "daemon/config.h"
#include "daemon/notifications.h"
#include "daemon/scheduler.h"
#include "daemon/source_scan.h"
#include "fix/action.h"
#include "fix/autofix.h"
#include "store/store.h"
#include "tracker/exceptions.h"

namespace vigil::fix {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;
using store::PlanState;

const char* kPolicy = "aws-s3-bucket-public-access-block";

store::Time at(const std::string& text) {
  auto t = parse_time(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : store::Time{};
}

const store::Time kT0 = at("2026-12-01T10:00:00Z");
const store::Time kDue = kT0 + hours(72);

// The scheduler's clock, standing still at the time given.
class FixedClock : public daemon::Clock {
 public:
  explicit FixedClock(store::Time t) : now_(t) {}
  store::Time now() override { return now_; }
  void sleep_until(store::Time until, const std::atomic<bool>&) override {
    now_ = std::max(now_, until);
  }

 private:
  store::Time now_;
};

class AutofixMoto : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!vigil::testing::MotoServer::available()) return;
    moto_ = new vigil::testing::MotoServer();
    why_ = moto_->start();
  }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    if (!moto_) GTEST_SKIP() << "python3 has no moto/boto3 (pip install 'moto[server]'): not run";
    if (!vigil::testing::SmtpSink::available())
      GTEST_SKIP() << "python3-aiosmtpd is not installed: not run";
    ASSERT_EQ(why_, "");
    ::setenv("AWS_DEFAULT_REGION", "us-east-1", 1);
    // A fresh AWS state per test.
    auto reset = aws::testing::run_command(
        fmt::format("curl -sf -X POST {}/moto-api/reset", moto_->endpoint()),
        aws::testing::Stderr::Merge);
    ASSERT_EQ(reset.status, 0) << reset.out;
    dir_ = fs::temp_directory_path() /
           fmt::format("vigil-autofix-{}-{}", getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sink_ = std::make_unique<vigil::testing::SmtpSink>(dir_ / "mail");
    ASSERT_EQ(sink_->start(), "");
    auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies/aws"});
    ASSERT_TRUE(loaded.ok());
    policies_ = std::move(loaded.set);
  }
  void TearDown() override {
    db_.reset();
    sink_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // vigil.yaml with `extra_autofix` lines under fixes.autofix; opens the store.
  void configure(const std::string& extra_autofix = "") {
    std::string yaml = fmt::format(
        "store: {store}\n"
        "sources:\n  - name: live\n    kind: aws\n    regions: [us-east-1]\n"
        "    types: [aws.s3.bucket, aws.account]\n    endpoint_url: {moto}\n    cadence: "
        "{{interval: 6h}}\n"
        "notifications:\n  email:\n    smtp: {smtp}\n    from: vigil@example.com\n    tls: off\n"
        "  owners:\n    fallback: [secops@example.com]\n"
        "fixes:\n  enabled: true\n  mode: apply\n  accounts: [\"123456789012\"]\n"
        "  endpoint_url: {moto}\n"
        "  autofix:\n    policies: [{policy}]\n    reminders: [12h, 1h]\n"
        "    exception_help: \"Ask in #secops.\"\n{extra}",
        fmt::arg("store", (dir_ / "vigil.db").string()), fmt::arg("moto", moto_->endpoint()),
        fmt::arg("smtp", sink_->url()), fmt::arg("policy", kPolicy),
        fmt::arg("extra", extra_autofix));
    std::ofstream(dir_ / "vigil.yaml") << yaml;  // for `vigil fix due --config`
    daemon::ConfigLoad load = daemon::load_config_text(yaml, (dir_ / "vigil.yaml").string());
    for (const auto& d : load.diagnostics) ADD_FAILURE() << d.render();
    ASSERT_TRUE(load.ok());
    config_ = std::move(load.config);
    reopen();
  }
  // A new store handle: what a restarted process sees.
  void reopen() {
    db_.reset();
    auto opened = store::open_store(config_.store);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
  }

  // A bucket without Block Public Access, owned (by its tag) by `owner`.
  void bucket(const std::string& name, const std::string& owner) {
    json answers = vigil::testing::boto3_calls(
        moto_->endpoint(),
        {{{"service", "s3"}, {"operation", "CreateBucket"}, {"params", {{"Bucket", name}}}},
         {{"service", "s3"},
          {"operation", "PutBucketTagging"},
          {"params",
           {{"Bucket", name},
            {"Tagging", {{"TagSet", {{{"Key", "owner"}, {"Value", owner}}}}}}}}}});
    for (const json& a : answers) EXPECT_FALSE(a.contains("Error")) << a.dump();
  }
  // The bucket's Block Public Access configuration; null when it has none.
  json block(const std::string& name) {
    json a = vigil::testing::boto3_call(moto_->endpoint(), "s3", "GetPublicAccessBlock",
                                        {{"Bucket", name}});
    if (a.contains("Error")) {
      EXPECT_EQ(a["Error"]["Code"], "NoSuchPublicAccessBlockConfiguration") << a.dump();
      return nullptr;
    }
    return a["PublicAccessBlockConfiguration"];
  }

  void scan(store::Time now) {
    auto report = daemon::scan_source(*db_, config_.sources.at(0), policies_, config_, now, 2);
    ASSERT_TRUE(report.ok()) << report.error().message;
  }
  // One round of `vigil serve` at `now`: scan every source, the AutoFix tick, the notices.
  void serve_round(store::Time now) {
    FixedClock clock(now);
    daemon::SchedulerOptions options;
    options.threads = 2;
    options.seed = 7;
    options.log = [this](const std::string& line) { log_.push_back(line); };
    daemon::Scheduler scheduler(config_, policies_, *db_, clock, options);
    ASSERT_TRUE(scheduler.start().ok());
    EXPECT_EQ(scheduler.run_all(), 0u) << ::testing::PrintToString(log_);
  }
  // One AutoFix tick, then the notices delivered: what `vigil serve` does each minute.
  AutofixReport tick(store::Time now) {
    auto report = daemon::run_autofix(
        config_, policies_, *db_, [now] { return now; }, "autofix");
    EXPECT_TRUE(report.ok()) << report.error().message;
    deliver(now);
    return report.ok() ? *report : AutofixReport{};
  }
  void deliver(store::Time now) {
    daemon::Notifier notifier(config_.notifications, *db_);
    for (const std::string& line : notifier.tick(now))
      EXPECT_EQ(line.find("failed"), std::string::npos) << line;
  }

  store::Violation violation_of(const std::string& name) {
    store::ViolationFilter f;
    f.policy_id = kPolicy;
    f.asset_id = "arn:aws:s3:::" + name;
    auto list = db_->violations(f);
    EXPECT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 1u) << name;
    return list->empty() ? store::Violation{} : list->front();
  }
  store::ScheduledFix plan_of(int64_t violation) {
    auto plans = db_->scheduled_fixes({.violation_id = violation});
    EXPECT_TRUE(plans.ok());
    EXPECT_EQ(plans->size(), 1u);
    return plans->empty() ? store::ScheduledFix{} : plans->front();
  }
  // The exact change the owner must be told: the plan's calls.
  std::string change_of(const store::ScheduledFix& plan) {
    auto parsed = plan_from_json(plan.plan);
    EXPECT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->calls.size(), 1u);
    return parsed->calls.empty() ? "" : describe(parsed->calls.at(0));
  }
  // The AutoFix mail received, in order (the scans' "new violations" mail left out).
  std::vector<json> mail() {
    std::vector<json> out;
    for (json& m : sink_->messages())
      if (std::string(m.value("event", "")).starts_with("fix-")) out.push_back(std::move(m));
    return out;
  }

  static vigil::testing::MotoServer* moto_;
  static std::string why_;
  fs::path dir_;
  std::unique_ptr<vigil::testing::SmtpSink> sink_;
  PolicySet policies_;
  daemon::Config config_;
  std::unique_ptr<store::Store> db_;
  std::vector<std::string> log_;
};

vigil::testing::MotoServer* AutofixMoto::moto_ = nullptr;
std::string AutofixMoto::why_;

TEST_F(AutofixMoto, NoticeRemindersDueFixAndNothingTwiceAfterARestart) {
  configure();
  bucket("af-walk", "alice@example.com");
  serve_round(kT0);  // the daemon: scan, plan, warn
  EXPECT_NE(std::find(log_.begin(), log_.end(), "autofix: 1 scheduled"), log_.end())
      << ::testing::PrintToString(log_);
  store::Violation v = violation_of("af-walk");
  store::ScheduledFix plan = plan_of(v.id);
  EXPECT_EQ(plan.state, PlanState::Scheduled);
  EXPECT_EQ(plan.due, kDue);
  EXPECT_EQ(plan.action, "s3-block-public-access");
  EXPECT_EQ(plan.recipients, std::vector<std::string>{"alice@example.com"});
  std::string change = change_of(plan);
  EXPECT_NE(change.find("PutPublicAccessBlock"), std::string::npos) << change;
  EXPECT_NE(change.find("\"Bucket\":\"af-walk\""), std::string::npos) << change;

  // The warning: to the owner, with the deadline, the exact change, how to ask for an exception.
  auto m = mail();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]["rcpt_tos"], json::array({"alice@example.com"}));
  EXPECT_EQ(m[0]["event"], "fix-warning");
  EXPECT_EQ(m[0]["subject"],
            "[Vigil] Fix planned by 2026-12-04T10:00:00Z: S3 bucket does not block public access "
            "on af-walk")
      << m[0]["subject"];
  std::string text = m[0]["text"];
  EXPECT_NE(text.find("2026-12-04T10:00:00Z (in 3d)"), std::string::npos) << text;
  EXPECT_NE(text.find(change), std::string::npos) << text;
  EXPECT_NE(text.find("vigil exceptions add --policy aws-s3-bucket-public-access-block --asset "
                      "arn:aws:s3:::af-walk"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Ask in #secops."), std::string::npos) << text;

  // The same tick again, and a restart: nothing new.
  tick(kT0 + minutes(1));
  reopen();
  tick(kT0 + minutes(2));
  EXPECT_EQ(mail().size(), 1u);

  // Reminders: 12 h before, then 1 h before; each once, across a restart.
  tick(kDue - hours(12));
  reopen();
  tick(kDue - hours(12) + minutes(1));
  m = mail();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1]["event"], "fix-reminder");
  EXPECT_EQ(m[1]["rcpt_tos"], json::array({"alice@example.com"}));
  EXPECT_NE(std::string(m[1]["subject"]).find("Reminder: fix planned by 2026-12-04T10:00:00Z"),
            std::string::npos);
  EXPECT_NE(std::string(m[1]["text"]).find("2026-12-04T10:00:00Z (in 12h)"), std::string::npos)
      << m[1]["text"];
  tick(kDue - hours(1));
  tick(kDue - minutes(30));
  m = mail();
  ASSERT_EQ(m.size(), 3u);
  EXPECT_NE(std::string(m[2]["text"]).find("(in 1h)"), std::string::npos) << m[2]["text"];
  EXPECT_EQ(block("af-walk"), nullptr);  // nothing changed before the deadline

  // The deadline (the daemon's round: a scan finds it unchanged): checked, applied,
  // verified, closed, announced.
  serve_round(kDue);
  EXPECT_NE(std::find(log_.begin(), log_.end(), "autofix: 1 applied"), log_.end())
      << ::testing::PrintToString(log_);
  json pab = block("af-walk");
  ASSERT_TRUE(pab.is_object());
  for (const char* s :
       {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
    EXPECT_EQ(pab[s], true) << s;
  plan = plan_of(v.id);
  EXPECT_EQ(plan.state, PlanState::Applied);
  ASSERT_TRUE(plan.run_id);
  auto run = db_->fix_run(*plan.run_id);
  ASSERT_TRUE(run.ok() && *run);
  EXPECT_EQ((*run)->state, store::FixState::Verified);
  EXPECT_EQ((*run)->actor, "autofix");
  auto closed = db_->violation(v.id);
  EXPECT_EQ((*closed)->status, store::ViolationStatus::Closed);
  EXPECT_EQ((*closed)->close_reason, "auto-fixed");
  m = mail();
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[3]["event"], "fix-applied");
  EXPECT_EQ(m[3]["rcpt_tos"], json::array({"alice@example.com"}));
  EXPECT_NE(std::string(m[3]["text"]).find(change), std::string::npos) << m[3]["text"];

  // After a restart, the next ticks neither repeat the call nor the notice.
  reopen();
  tick(kDue + minutes(1));
  EXPECT_EQ(mail().size(), 4u);
  EXPECT_EQ(db_->fix_runs({})->size(), 1u);
}

TEST_F(AutofixMoto, ExceptionDuringTheGraceCancels) {
  configure();
  bucket("af-excepted", "bob@example.com");
  scan(kT0);
  tick(kT0);
  store::Violation v = violation_of("af-excepted");
  store::ExceptionRecord e;
  e.policy_id = kPolicy;
  e.asset_id = v.asset.id;
  e.reason = "public website bucket, reviewed";
  e.requested_by = "bob@example.com";
  e.granted_by = "secops";
  e.expires = kT0 + hours(24 * 30);
  auto granted = tracker::grant_exception(*db_, e, kT0 + hours(5), "secops");
  ASSERT_TRUE(granted.ok()) << granted.error().message;
  tick(kT0 + hours(6));
  store::ScheduledFix plan = plan_of(v.id);
  EXPECT_EQ(plan.state, PlanState::Cancelled);
  EXPECT_NE(plan.reason.find(fmt::format("exception {} granted", *granted)), std::string::npos)
      << plan.reason;
  tick(kDue + hours(1));
  EXPECT_EQ(plan_of(v.id).state, PlanState::Cancelled);
  EXPECT_EQ(block("af-excepted"), nullptr);  // never fixed
  EXPECT_TRUE(db_->fix_runs({})->empty());
  // The warning, then why the fix will not come; no reminder, no fix.
  auto m = mail();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0]["event"], "fix-warning");
  EXPECT_EQ(m[1]["event"], "fix-cancelled");
  EXPECT_EQ(m[1]["rcpt_tos"], json::array({"bob@example.com"}));
  std::string text = m[1]["text"];
  EXPECT_NE(text.find(fmt::format("exception {} granted", *granted)), std::string::npos) << text;
}

TEST_F(AutofixMoto, ResourceChangedDuringTheGraceSuspends) {
  configure();
  bucket("af-changed", "carol@example.com");
  scan(kT0);
  tick(kT0);
  // Someone sets part of Block Public Access by hand: not what the owner was told.
  json put = vigil::testing::boto3_call(moto_->endpoint(), "s3", "PutPublicAccessBlock",
                                        {{"Bucket", "af-changed"},
                                         {"PublicAccessBlockConfiguration",
                                          {{"BlockPublicAcls", true},
                                           {"IgnorePublicAcls", false},
                                           {"BlockPublicPolicy", false},
                                           {"RestrictPublicBuckets", false}}}});
  EXPECT_FALSE(put.contains("Error")) << put.dump();
  AutofixReport due = tick(kDue);
  EXPECT_EQ(due.suspended, 1u) << due.summary();
  store::Violation v = violation_of("af-changed");
  store::ScheduledFix plan = plan_of(v.id);
  EXPECT_EQ(plan.state, PlanState::Suspended);
  EXPECT_NE(plan.reason.find("changed since the scan"), std::string::npos) << plan.reason;
  EXPECT_TRUE(db_->fix_runs({})->empty());  // nothing recorded as run
  json pab = block("af-changed");
  ASSERT_TRUE(pab.is_object());
  EXPECT_EQ(pab["IgnorePublicAcls"], false);                                 // untouched
  EXPECT_EQ((*db_->violation(v.id))->status, store::ViolationStatus::Open);  // never closed
  auto m = mail();
  ASSERT_EQ(m.size(), 2u);  // the warning (no tick at the reminders' times), then suspended
  EXPECT_EQ(m.back()["event"], "fix-suspended");
  EXPECT_EQ(m.back()["rcpt_tos"], json::array({"carol@example.com"}));
  EXPECT_NE(std::string(m.back()["text"]).find("changed since the scan"), std::string::npos);
}

TEST_F(AutofixMoto, RateLimitReschedules) {
  configure(
      "    limits: {per_run: 5, per_hour: 1, per_account_per_hour: 5}\n"
      "    retry_after: 30m\n");
  bucket("af-rate-a", "dave@example.com");
  bucket("af-rate-b", "dave@example.com");
  scan(kT0);
  tick(kT0);
  AutofixReport due = tick(kDue);
  EXPECT_EQ(due.applied, 1u) << due.summary();
  EXPECT_EQ(due.rescheduled, 1u) << due.summary();
  int64_t a = violation_of("af-rate-a").id, b = violation_of("af-rate-b").id;
  // Equal due times go by plan id: whichever was planned first ran.
  if (plan_of(a).id > plan_of(b).id) std::swap(a, b);
  std::string later_bucket = plan_of(b).asset_id.substr(std::string("arn:aws:s3:::").size());
  store::ScheduledFix first = plan_of(a), second = plan_of(b);
  EXPECT_EQ(first.state, PlanState::Applied);
  EXPECT_EQ(second.state, PlanState::Scheduled);
  EXPECT_EQ(second.due, kDue + minutes(30));
  EXPECT_NE(second.reason.find("rate limit: 1 fixes in the last hour"), std::string::npos)
      << second.reason;
  EXPECT_EQ(block(later_bucket), nullptr);
  // Still within the hour at the new due time: rescheduled again, not executed.
  tick(kDue + minutes(30));
  EXPECT_EQ(plan_of(b).state, PlanState::Scheduled);
  EXPECT_EQ(block(later_bucket), nullptr);
  // Its owner was told of the postponement once, with the new deadline and why.
  std::vector<json> postponed;
  for (const json& m : mail())
    if (m["event"] == "fix-rescheduled") postponed.push_back(m);
  ASSERT_EQ(postponed.size(), 1u);
  std::string told = postponed[0]["text"];
  EXPECT_NE(told.find(format_time(kDue + minutes(30))), std::string::npos) << told;
  EXPECT_NE(told.find("rate limit"), std::string::npos) << told;
  // Past the hour: applied.
  AutofixReport later = tick(kDue + minutes(61));
  EXPECT_EQ(later.applied, 1u) << later.summary();
  EXPECT_EQ(plan_of(b).state, PlanState::Applied);
  EXPECT_TRUE(block(later_bucket).is_object());
}

// A crash after AWS answered and before the answer was recorded: the
// restarted tick re-reads instead of resending, and records the fix once.
TEST_F(AutofixMoto, CrashBetweenCallAndRecordIsResolvedWithoutRepeating) {
  configure();
  bucket("af-crash", "erin@example.com");
  scan(kT0);
  tick(kT0);
  {
    Context ctx{.store = *db_,
                .policies = policies_,
                .settings = daemon::fix_settings(config_.fixes),
                .actor = "autofix",
                .now = [] { return kDue; }};
    ctx.after_call = [](const store::FixRun&, size_t) {
      throw std::runtime_error("killed between the call and its record");
    };
    AutofixContext autofix{ctx, config_.fixes.autofix, config_.notifications};
    EXPECT_THROW((void)autofix_tick(autofix), std::runtime_error);
  }
  store::Violation v = violation_of("af-crash");
  EXPECT_EQ(plan_of(v.id).state, PlanState::Running);
  auto runs = db_->fix_runs({});
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().state, store::FixState::Executing);
  EXPECT_TRUE(block("af-crash").is_object());  // the call was made

  reopen();  // the restarted process
  AutofixReport resumed = tick(kDue + minutes(1));
  EXPECT_EQ(resumed.resumed, 1u) << resumed.summary();
  EXPECT_EQ(resumed.applied, 1u) << resumed.summary();
  store::ScheduledFix plan = plan_of(v.id);
  EXPECT_EQ(plan.state, PlanState::Applied);
  runs = db_->fix_runs({});
  ASSERT_EQ(runs->size(), 1u);  // no second run: the call was not repeated
  EXPECT_EQ(runs->front().state, store::FixState::Verified);
  EXPECT_EQ(runs->front().result.value("recovered", false), true);
  EXPECT_EQ((*db_->violation(v.id))->close_reason, "auto-fixed");
  auto m = mail();
  ASSERT_EQ(m.size(), 2u);  // the warning, then one fix-applied
  EXPECT_EQ(m[1]["event"], "fix-applied");
  tick(kDue + minutes(2));
  EXPECT_EQ(mail().size(), 2u);
}

// The cron form: `vigil fix due --now T` ticks once and delivers the notices;
// `vigil fix list` shows the plan with its due time and state.
TEST_F(AutofixMoto, FixDueCommandForCron) {
  configure();
  bucket("af-cron", "grace@example.com");
  scan(kT0);
  db_.reset();  // the scan's process ends (its writer lock with it)
  std::string vigil = std::string(VIGIL_BINARY_DIR) + "/bin/vigil";
  std::string config = (dir_ / "vigil.yaml").string();
  auto run = [&](const std::string& args) {
    return aws::testing::run_command(fmt::format("{} fix {} --config {}", vigil, args, config),
                                     aws::testing::Stderr::Merge);
  };
  auto first = run("due --now 2026-12-01T10:00:00Z");
  ASSERT_EQ(first.status, 0) << first.out;
  EXPECT_NE(first.out.find("autofix: 1 scheduled"), std::string::npos) << first.out;
  auto m = mail();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]["rcpt_tos"], json::array({"grace@example.com"}));
  EXPECT_EQ(m[0]["event"], "fix-warning");

  auto listed = run("list --format json");
  ASSERT_EQ(listed.status, 0) << listed.out;
  json plans = json::parse(listed.out)["scheduled"];
  ASSERT_EQ(plans.size(), 1u) << listed.out;
  EXPECT_EQ(plans[0]["state"], "scheduled");
  EXPECT_NE(std::string(plans[0]["due"]).find("2026-12-04"), std::string::npos) << listed.out;
  auto table = run("list");
  EXPECT_NE(table.out.find("Scheduled fixes"), std::string::npos) << table.out;

  auto due = run("due --now 2026-12-04T10:00:00Z");
  ASSERT_EQ(due.status, 0) << due.out;
  EXPECT_NE(due.out.find("autofix: 1 applied"), std::string::npos) << due.out;
  EXPECT_TRUE(block("af-cron").is_object());
  m = mail();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1]["event"], "fix-applied");
  listed = run("list --format json");
  EXPECT_EQ(json::parse(listed.out)["scheduled"][0]["state"], "applied") << listed.out;
}

TEST_F(AutofixMoto, ManualModeNotifiesAndWaitsForTheOperator) {
  // The pack's policy, declared `mode: manual` here.
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) +
                   "/policies/aws/s3_bucket_public_access_block.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t mode = text.find("mode: auto");
  ASSERT_NE(mode, std::string::npos);
  text.replace(mode, 10, "mode: manual");
  std::ofstream(dir_ / "manual.yaml") << text;
  auto loaded = PolicySet::load({(dir_ / "manual.yaml").string()});
  ASSERT_TRUE(loaded.ok());
  policies_ = std::move(loaded.set);
  configure();
  bucket("af-manual", "frank@example.com");
  scan(kT0);
  tick(kT0);
  store::Violation v = violation_of("af-manual");
  auto m = mail();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(std::string(m[0]["text"]).find("an operator will be asked to apply this change"),
            std::string::npos)
      << m[0]["text"];
  AutofixReport due = tick(kDue);
  EXPECT_EQ(due.awaiting, 1u) << due.summary();
  EXPECT_EQ(plan_of(v.id).state, PlanState::AwaitingApproval);
  tick(kDue + hours(24));
  EXPECT_EQ(block("af-manual"), nullptr);  // never on its own
  EXPECT_TRUE(db_->fix_runs({})->empty());
  m = mail();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1]["event"], "fix-awaiting-approval");
  EXPECT_EQ(m[1]["rcpt_tos"], json::array({"frank@example.com"}));
  EXPECT_NE(std::string(m[1]["text"]).find(fmt::format("vigil fix apply --violation {}", v.id)),
            std::string::npos)
      << m[1]["text"];

  // The one-click apply by an operator; the next tick records the plan applied.
  Context ctx{.store = *db_,
              .policies = policies_,
              .settings = daemon::fix_settings(config_.fixes),
              .actor = "operator",
              .now = [] { return kDue + hours(25); }};
  auto run = apply(ctx, v.id, "");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->state, store::FixState::Verified);
  tick(kDue + hours(25));
  store::ScheduledFix plan = plan_of(v.id);
  EXPECT_EQ(plan.state, PlanState::Applied);
  EXPECT_EQ(plan.run_id, run->id);
  EXPECT_NE(plan.reason.find("applied by operator"), std::string::npos) << plan.reason;
}

}  // namespace
}  // namespace vigil::fix
