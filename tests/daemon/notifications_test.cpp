// Notifications in `vigil serve` with real parts: the `notifications:` block
// of vigil.yaml (errors at file:line), and scheduled scans of the sample
// inventory into a SQLite store whose opened violations reach a real SMTP
// server (tests/notify/smtp_sink.h), one message per owner, once.
#include "daemon/notifications.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "../notify/smtp_sink.h"
#include "core/time_text.h"
#include "daemon/scheduler.h"

namespace vigil::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

std::string errors_of(const ConfigLoad& load) {
  std::string out;
  for (const Diagnostic& d : load.diagnostics)
    out += d.pos.file + ":" + std::to_string(d.pos.line) + ": " + d.message + "\n";
  return out;
}

TEST(NotificationsConfig, ReadsEveryKey) {
  ConfigLoad load = load_config_text(R"(notifications:
  email:
    smtp: smtp://mail.example.com:587
    from: vigil@example.com
    tls: required
    username: vigil
    password_env: VIGIL_SMTP_PASSWORD
    timeout: 20s
  webhooks:
    - name: secops
      url: https://hooks.example.com/vigil
      secret_env: VIGIL_WEBHOOK_SECRET
    - name: chat
      url: https://hooks.slack.com/services/T/B/X
      format: slack
  owners:
    tag_keys: [owner, team-email]
    groups:
      prod: [prod-team@example.com]
    fallback: [secops@example.com]
  exception_expiring_within: 3d
  digest_every: 7d
  retry: {first: 30s, max: 1h, attempts: 5}
  items_per_message: 20
  dashboard_url: https://vigil.example.com
)",
                                     "/etc/vigil/vigil.yaml");
  ASSERT_TRUE(load.ok()) << errors_of(load);
  const notify::Settings& n = load.config.notifications;
  EXPECT_TRUE(n.enabled);
  ASSERT_TRUE(n.email);
  EXPECT_EQ(n.email->url, "smtp://mail.example.com:587");
  EXPECT_EQ(n.email->tls, notify::SmtpSettings::Tls::Required);
  EXPECT_EQ(n.email->password_env, "VIGIL_SMTP_PASSWORD");
  EXPECT_EQ(n.email->timeout, seconds(20));
  ASSERT_EQ(n.webhooks.size(), 2u);
  EXPECT_EQ(n.webhooks[1].format, notify::WebhookSettings::Format::Slack);
  EXPECT_EQ(n.owners.tag_keys, (std::vector<std::string>{"owner", "team-email"}));
  EXPECT_EQ(n.owners.group_owners.at("prod"), std::vector<std::string>{"prod-team@example.com"});
  EXPECT_EQ(n.exception_expiring_within, hours(72));
  EXPECT_EQ(n.digest_every, hours(24 * 7));
  EXPECT_EQ(n.backoff.first, seconds(30));
  EXPECT_EQ(n.backoff.max_attempts, 5);
  EXPECT_EQ(n.items_per_message, 20u);

  EXPECT_FALSE(
      load_config_text("store: x.db\n", "/etc/vigil/vigil.yaml").config.notifications.enabled);
}

TEST(NotificationsConfig, ErrorsNameTheLine) {
  ConfigLoad load = load_config_text(R"(notifications:
  email:
    smtp: mail.example.com
    from: vigil
  webhooks:
    - name: secops
      url: https://hooks.example.com/vigil
    - name: chat
      url: https://hooks.slack.com/x
      format: slak
  owners:
    fallback: [secops]
)",
                                     "/etc/vigil/vigil.yaml");
  EXPECT_FALSE(load.ok());
  std::string e = errors_of(load);
  EXPECT_NE(e.find("vigil.yaml:3: 'smtp' must be an smtp:// or smtps:// URL"), std::string::npos)
      << e;
  EXPECT_NE(e.find("vigil.yaml:4: 'from' must be an e-mail address"), std::string::npos) << e;
  EXPECT_NE(e.find("vigil.yaml:6: webhook 'secops' (format json) needs 'secret_env'"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("vigil.yaml:10: 'slak' is not a webhook format"), std::string::npos) << e;
  EXPECT_NE(e.find("vigil.yaml:12: 'secops' is not an e-mail address"), std::string::npos) << e;

  ConfigLoad empty =
      load_config_text("notifications:\n  owners:\n    fallback: [a@example.com]\n", "/v.yaml");
  EXPECT_NE(errors_of(empty).find("/v.yaml:1: 'notifications' configures no channel"),
            std::string::npos)
      << errors_of(empty);
}

// `ca_file`: relative to vigil.yaml, and it must exist.
TEST(NotificationsConfig, CaFileIsResolvedAndMustExist) {
  fs::path dir = fs::temp_directory_path() / ("vigil-ca-file-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "relay-ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  std::string email =
      "notifications:\n  email:\n    smtp: smtp://mail.example.com:587\n"
      "    from: vigil@example.com\n    ca_file: ";
  ConfigLoad found = load_config_text(email + "relay-ca.pem\n", (dir / "vigil.yaml").string());
  ASSERT_TRUE(found.ok()) << errors_of(found);
  EXPECT_EQ(found.config.notifications.email->ca_file, (dir / "relay-ca.pem").string());
  ConfigLoad missing = load_config_text(email + "nope.pem\n", (dir / "vigil.yaml").string());
  EXPECT_NE(errors_of(missing).find("vigil.yaml:5: 'ca_file' " + (dir / "nope.pem").string() +
                                    " is not a file"),
            std::string::npos)
      << errors_of(missing);
  fs::remove_all(dir);
}

// Time stands still during a scan; sleep_until jumps to the wake-up time.
class TestClock : public Clock {
 public:
  explicit TestClock(Time t) : now_(t) {}
  Time now() override { return now_; }
  void sleep_until(Time until, const std::atomic<bool>&) override { now_ = std::max(now_, until); }
  void set(Time t) { now_ = t; }

 private:
  Time now_;
};

class NotifyingScans : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::SmtpSink::available()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    dir_ = fs::temp_directory_path() / ("vigil-notify-daemon-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sink_ = std::make_unique<testing::SmtpSink>(dir_ / "mail");
    // The sample inventory, with the web team's owner tag an address.
    std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/samples/inventory.jsonl");
    std::ofstream out(dir_ / "inventory.jsonl");
    for (std::string line; std::getline(in, line);)
      out << std::regex_replace(line, std::regex(R"("owner":"web")"),
                                R"("owner":"web@example.com")")
          << "\n";
    out.close();

    auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
    ASSERT_TRUE(loaded.ok());
    policies_ = std::move(loaded.set);
    config_.store = (dir_ / "vigil.db").string();
    SourceConfig s;
    s.name = "samples";
    s.kind = SourceKind::Inventory;
    s.path = (dir_ / "inventory.jsonl").string();
    s.cadence.interval = hours(1);
    config_.sources.push_back(s);
    notify::Settings& n = config_.notifications;
    n.enabled = true;
    notify::SmtpSettings email;
    email.url = sink_->url();
    email.from = "vigil@example.com";
    n.email = email;
    n.owners.fallback = {"secops@example.com"};
    n.items_per_message = 500;
    auto opened = store::open_store(config_.store);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened.value());
  }
  void TearDown() override {
    sink_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }
  Scheduler make(TestClock& clock) {
    SchedulerOptions options;
    options.threads = 1;
    options.seed = 7;
    options.log = [this](const std::string& line) { log_.push_back(line); };
    return Scheduler(config_, policies_, *db_, clock, options);
  }
  // Open violations per owner tag of their asset ("" for none).
  std::map<std::string, size_t> open_by_owner() {
    std::map<std::string, std::string> owner_of;
    std::ifstream in(dir_ / "inventory.jsonl");
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      auto j = nlohmann::json::parse(line);
      owner_of[j["id"]] = j.contains("tags") ? j["tags"].value("owner", "") : "";
    }
    store::ViolationFilter f;
    f.statuses = {store::ViolationStatus::Open};
    std::map<std::string, size_t> out;
    auto open = db_->violations(f);
    EXPECT_TRUE(open.ok());
    for (const auto& v : *open) ++out[owner_of[v.asset.id]];
    return out;
  }

  fs::path dir_;
  std::unique_ptr<testing::SmtpSink> sink_;
  Config config_;
  PolicySet policies_;
  std::unique_ptr<store::Store> db_;
  std::vector<std::string> log_;
};

TEST_F(NotifyingScans, OneMailPerOwnerPerScanAndNeverTwice) {
  ASSERT_EQ(sink_->start(), "");
  TestClock clock(sys_days(year(2026) / 11 / 26) + hours(10));
  {
    Scheduler s = make(clock);
    ASSERT_TRUE(s.start().ok());
    EXPECT_EQ(s.run_all(), 0u);  // scans, enqueues in the scan's transaction, delivers
  }
  auto mail = sink_->messages();
  ASSERT_EQ(mail.size(), 2u) << ::testing::PrintToString(log_);
  auto by_owner = open_by_owner();
  size_t web = by_owner["web@example.com"], total = 0;
  for (const auto& [owner, n] : by_owner) total += n;
  ASSERT_GT(web, 0u);
  ASSERT_GT(total, web);
  auto subject_count = [](const nlohmann::json& m) {
    std::smatch match;
    std::string subject = m["subject"];
    return std::regex_search(subject, match, std::regex(R"((\d+) new violations)"))
               ? std::stoul(match[1])
               : 1ul;
  };
  std::map<std::string, nlohmann::json> to;
  for (const auto& m : mail) to[m["rcpt_tos"][0]] = m;
  ASSERT_TRUE(to.count("web@example.com") && to.count("secops@example.com"));
  EXPECT_EQ(subject_count(to["web@example.com"]), web);
  EXPECT_EQ(subject_count(to["secops@example.com"]), total - web);  // non-address owners: fallback
  std::string text = to["web@example.com"]["text"];
  EXPECT_NE(text.find("found by scan 1"), std::string::npos) << text;

  // The next scan opens nothing new; a restarted scheduler sends nothing again.
  clock.set(clock.now() + hours(1));
  {
    Scheduler s = make(clock);
    ASSERT_TRUE(s.start().ok());
    EXPECT_EQ(s.run_all(), 0u);
  }
  EXPECT_EQ(sink_->messages().size(), 2u);
  auto rows = db_->outbox_messages(0);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
  for (const auto& r : *rows) EXPECT_TRUE(r.sent);
}

TEST_F(NotifyingScans, MailWaitsInTheOutboxWhileTheServerIsDown) {
  TestClock clock(sys_days(year(2026) / 11 / 26) + hours(10));
  Scheduler s = make(clock);
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(s.run_all(), 0u);  // the server is not started: both messages wait
  auto rows = db_->outbox_messages(0);
  ASSERT_EQ(rows->size(), 2u);
  for (const auto& r : *rows) {
    EXPECT_FALSE(r.sent);
    EXPECT_EQ(r.attempts, 1);
  }
  ASSERT_EQ(sink_->start(), "");
  Notifier notifier(config_.notifications, *db_);
  notifier.tick(clock.now() + seconds(30));  // not due yet
  EXPECT_TRUE(sink_->messages().empty());
  notifier.tick(clock.now() + minutes(1));
  EXPECT_EQ(sink_->messages().size(), 2u);
}

}  // namespace
}  // namespace vigil::daemon
