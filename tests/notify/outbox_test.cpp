// The outbox end to end with real parts: a SQLite store on disk, the
// dispatcher, and a real SMTP server (smtp_sink.h) that is down at first.
// Time is stepped by hand: nothing sleeps.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "core/time_text.h"
#include "notify/digests.h"
#include "notify/dispatcher.h"
#include "notify/outbox_rows.h"
#include "notify/smtp.h"
#include "smtp_sink.h"
#include "store/store.h"

namespace vigil::notify {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::SmtpSink::available()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    dir_ = fs::temp_directory_path() /
           ("vigil-outbox-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sink_ = std::make_unique<testing::SmtpSink>(dir_ / "mail");
    settings_.enabled = true;
    SmtpSettings email;
    email.url = sink_->url();
    email.from = "vigil@example.com";
    email.timeout = 10s;
    settings_.email = email;
    settings_.owners.fallback = {"secops@example.com"};
    now_ = *parse_time("2026-12-06T10:00:00Z");
  }
  void TearDown() override {
    sink_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<store::Store> open() {
    auto s = store::open_store((dir_ / "vigil.db").string());
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s).value();
  }
  Dispatcher dispatcher(store::Store& store) {
    return Dispatcher(store, configured_channels(settings_), settings_.backoff);
  }
  std::vector<store::OutboxMessage> opened_rows(int64_t scan) {
    OpenedItem a{{"p1", "Public bucket", "high", "arn:a", "a", "1", "us-east-1", "public"},
                 {{"owner", "alice@example.com"}},
                 {}};
    OpenedItem b{{"p1", "Public bucket", "high", "arn:b", "b", "1", "us-east-1", "public"},
                 {{"Name", "b"}},
                 {}};
    return opened_violation_rows({a, b}, scan, now_, settings_);
  }

  fs::path dir_;
  std::unique_ptr<testing::SmtpSink> sink_;
  Settings settings_;
  store::Time now_;
};

TEST_F(OutboxTest, OneMessagePerOwnerAndEnqueuingTwiceIsANoOp) {
  auto store = open();
  auto rows = opened_rows(5);
  ASSERT_EQ(rows.size(), 2u);  // alice (tag), secops (fallback)
  EXPECT_EQ(rows[0].key, "scan:5:opened:alice@example.com/email");
  EXPECT_EQ(rows[1].key, "scan:5:opened:secops@example.com/email");
  EXPECT_EQ(*store->enqueue_messages(rows), 2u);
  EXPECT_EQ(*store->enqueue_messages(rows), 0u);
  EXPECT_EQ(store->outbox_messages(0)->size(), 2u);
}

TEST_F(OutboxTest, ServerDownKeepsTheMessageUntilItComesBack) {
  auto store = open();
  ASSERT_EQ(*store->enqueue_messages(opened_rows(5)), 2u);
  Dispatcher d = dispatcher(*store);

  // The server is down: both attempts fail and are rescheduled one minute on.
  auto first = d.deliver_due(now_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->sent, 0u);
  EXPECT_EQ(first->retried, 2u);
  auto rows = store->outbox_messages(0);
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) {
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.next_attempt, now_ + 60s);
    EXPECT_FALSE(row.sent);
    EXPECT_NE(row.last_error.find("SMTP smtp://127.0.0.1"), std::string::npos) << row.last_error;
  }
  // Not due yet; then the second failure doubles the delay.
  EXPECT_EQ(d.deliver_due(now_ + 59s)->retried, 0u);
  EXPECT_EQ(d.deliver_due(now_ + 60s)->retried, 2u);
  EXPECT_EQ(store->outbox_messages(0)->front().next_attempt, now_ + 60s + 120s);

  // The server starts; the next due attempt delivers both, once.
  ASSERT_EQ(sink_->start(), "");
  EXPECT_EQ(d.deliver_due(now_ + 179s)->sent, 0u);
  auto later = d.deliver_due(now_ + 180s);
  EXPECT_EQ(later->sent, 2u);
  EXPECT_EQ(d.deliver_due(now_ + 24h)->sent, 0u);
  auto mail = sink_->messages();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0]["rcpt_tos"], nlohmann::json({"alice@example.com"}));
  EXPECT_EQ(mail[0]["subject"], "[Vigil] New high violation: Public bucket on a");
  EXPECT_EQ(mail[1]["rcpt_tos"], nlohmann::json({"secops@example.com"}));
  auto delivered = store->outbox_messages(0);
  ASSERT_TRUE(delivered.ok());
  for (const auto& row : *delivered) {
    EXPECT_EQ(row.attempts, 3);
    EXPECT_EQ(row.sent, now_ + 180s);
  }
}

TEST_F(OutboxTest, ARestartDoesNotSendTwice) {
  ASSERT_EQ(sink_->start(), "");
  {
    auto store = open();
    ASSERT_EQ(*store->enqueue_messages(opened_rows(9)), 2u);
    EXPECT_EQ(dispatcher(*store).deliver_due(now_)->sent, 2u);
  }
  // A new process: the same event enqueued again (the scan re-run after a
  // crash, the exception sweep repeated) and a dispatcher started.
  auto store = open();
  EXPECT_EQ(*store->enqueue_messages(opened_rows(9)), 0u);
  EXPECT_EQ(dispatcher(*store).deliver_due(now_ + 1h)->sent, 0u);
  EXPECT_EQ(sink_->messages().size(), 2u);
}

TEST_F(OutboxTest, AbandonedAfterTheLastAttemptAndKeptWithItsError) {
  settings_.backoff.max_attempts = 2;
  auto store = open();
  ASSERT_EQ(*store->enqueue_messages(opened_rows(1)), 2u);
  Dispatcher d = dispatcher(*store);
  EXPECT_EQ(d.deliver_due(now_)->retried, 2u);
  auto second = d.deliver_due(now_ + 1h);
  EXPECT_EQ(second->abandoned, 2u);
  EXPECT_EQ(second->errors.size(), 2u);
  EXPECT_TRUE(store->due_messages(now_ + 1000h, 0)->empty());
  auto rows = store->outbox_messages(0);
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) {
    EXPECT_TRUE(row.abandoned);
    EXPECT_EQ(row.attempts, 2);
    EXPECT_FALSE(row.last_error.empty());
  }
}

TEST_F(OutboxTest, ExceptionNoticesAreEnqueuedOncePerEvent) {
  ASSERT_EQ(sink_->start(), "");
  auto store = open();
  store::ExceptionRecord e;
  e.policy_id = "p1";
  e.asset_id = "arn:unknown-asset";
  e.reason = "accepted risk";
  e.requested_by = "bob";
  e.granted_by = "carol";
  e.created = now_;
  e.expires = now_ + 10 * 24h;
  store::AuditEntry audit;
  audit.at = now_;
  audit.actor = "carol";
  audit.action = "exception.grant";
  auto id = store->add_exception(e, audit);
  ASSERT_TRUE(id.ok()) << id.error().message;

  // Granted now, expiring in 10 days (the window is 7): one notice.
  EXPECT_EQ(*enqueue_exception_notices(*store, now_, settings_), 1u);
  EXPECT_EQ(*enqueue_exception_notices(*store, now_ + 1h, settings_), 0u);
  // Three days later it expires within the window: one more, once.
  EXPECT_EQ(*enqueue_exception_notices(*store, now_ + 3 * 24h + 1s, settings_), 1u);
  EXPECT_EQ(*enqueue_exception_notices(*store, now_ + 4 * 24h, settings_), 0u);
  EXPECT_EQ(dispatcher(*store).deliver_due(now_ + 4 * 24h)->sent, 2u);

  auto mail = sink_->messages();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0]["subject"], "[Vigil] Exception " + std::to_string(*id) +
                                    " granted: policy p1 on arn:unknown-asset");
  EXPECT_EQ(mail[0]["rcpt_tos"],
            nlohmann::json({"secops@example.com"}));  // no stored asset: fallback
  EXPECT_EQ(mail[1]["event"], "exception-expiring");
  EXPECT_NE(std::string(mail[1]["text"]).find("Expires: 2026-12-16T10:00:00Z (in 6d23h59m59s)"),
            std::string::npos)
      << mail[1]["text"];
}

}  // namespace
}  // namespace vigil::notify

namespace vigil::notify {
namespace {

// A store holding bucket a (tagged owner alice) and bucket b (untagged, in
// group prod), each with an open violation, and bucket c with an unknown one.
void record_digest_estate(store::Store& store, store::Time at) {
  auto bucket = [](const std::string& id, const std::string& tags) {
    store::AssetVersionWrite w;
    w.identity = {id, "aws.s3.bucket", "111111111111", "us-east-1", id};
    w.content = R"({"id":")" + id + R"(","tags":)" + tags + "}";
    w.content_hash = std::hash<std::string>{}(w.content);
    return w;
  };
  auto finding = [](const store::AssetVersionWrite& a, store::ViolationStatus status) {
    store::Violation v;
    v.policy_id = "aws-s3-bucket-public";
    v.asset = a.identity;
    v.status = status;
    v.severity = "high";
    v.category = "security";
    v.message = "public";
    return v;
  };
  store::GroupRecord prod{"prod", "", nlohmann::json::object(), "config"};
  store::AuditEntry audit;
  audit.at = at;
  audit.actor = "test";
  audit.action = "group.put";
  ASSERT_TRUE(store.put_group(prod, audit).ok());
  store::ScanRecord scan;
  scan.source = "cli";
  scan.scope = {{"sources", {"cli"}}};
  scan.started = at;
  auto id = store.begin_scan(scan);
  ASSERT_TRUE(id.ok()) << id.error().message;
  store::ScanChanges changes;
  changes.scan_id = *id;
  changes.finished = at;
  auto a = bucket("arn:aws:s3:::a", R"({"owner":"alice@example.com"})");
  auto b = bucket("arn:aws:s3:::b", "{}");
  auto c = bucket("arn:aws:s3:::c", R"({"owner":"carol@example.com"})");
  changes.asset_versions = {a, b, c};
  changes.new_violations = {finding(a, store::ViolationStatus::Open),
                            finding(b, store::ViolationStatus::Open),
                            finding(c, store::ViolationStatus::Unknown)};
  changes.group_members = {{"prod", {"arn:aws:s3:::b"}}};
  Status applied = store.apply_scan(changes);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
}

TEST_F(OutboxTest, DigestsGoToEachOwnerAndGroupOncePerPeriod) {
  ASSERT_EQ(sink_->start(), "");
  settings_.digest_every = std::chrono::hours(24 * 7);
  settings_.owners.group_owners["prod"] = {"prod-team@example.com"};
  auto store = open();
  record_digest_estate(*store, now_);

  // 2026-12-06 is a Sunday: its week began on Monday 2026-11-30.
  EXPECT_EQ(digest_period_start(now_, settings_.digest_every), *parse_time("2026-11-30T00:00:00Z"));
  // alice's (the owner tag of a) and group prod's (b has no owner tag: its
  // group's owners are told, once, by the group's digest); carol's finding
  // is unknown: no digest for her.
  auto first = enqueue_digests(*store, now_, settings_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 2u);
  EXPECT_EQ(*enqueue_digests(*store, now_ + 12h, settings_), 0u);  // the same week
  EXPECT_EQ(dispatcher(*store).deliver_due(now_ + 12h)->sent, 2u);
  std::map<std::string, std::string> subject_of;
  for (const auto& m : sink_->messages())
    for (const auto& r : m["rcpt_tos"]) subject_of[r.get<std::string>()] = m["subject"];
  EXPECT_EQ(
      subject_of,
      (std::map<std::string, std::string>{
          {"alice@example.com", "[Vigil] Digest for owner alice@example.com: 1 open violation"},
          {"prod-team@example.com", "[Vigil] Digest for group prod: 1 open violation"}}));
  // The next week: again.
  EXPECT_EQ(*enqueue_digests(*store, now_ + 7 * 24h, settings_), 2u);
  // Off: nothing.
  settings_.digest_every = Seconds{0};
  EXPECT_EQ(*enqueue_digests(*store, now_ + 14 * 24h, settings_), 0u);
}

}  // namespace
}  // namespace vigil::notify
