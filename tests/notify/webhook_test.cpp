// Webhooks against a local receiver (cpp-httplib) that verifies the
// signature the way a customer's endpoint would: HMAC-SHA256 computed here
// with OpenSSL over "<X-Vigil-Timestamp>.<raw body>", compared in constant
// time, and a timestamp more than 5 minutes off refused (replay).
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "notify/failure.h"
#include "notify/templates.h"
#include "notify/webhook.h"

namespace vigil::notify {
namespace {

using namespace std::chrono_literals;
constexpr const char* kSecretVar = "VIGIL_TEST_WEBHOOK_SECRET";
constexpr const char* kSecret = "a shared secret";

std::string hmac_hex(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += digits[out[i] >> 4];
    hex += digits[out[i] & 15];
  }
  return hex;
}

class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      bodies.push_back(req.body);
      if (req.has_header("X-Vigil-Signature")) {
        std::string timestamp = req.get_header_value("X-Vigil-Timestamp");
        std::string expected = "sha256=" + hmac_hex(kSecret, timestamp + "." + req.body);
        std::string got = req.get_header_value("X-Vigil-Signature");
        bool same = got.size() == expected.size() &&
                    CRYPTO_memcmp(got.data(), expected.data(), got.size()) == 0;
        long age = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count()) -
                   std::stol(timestamp);
        if (!same || std::labs(age) > 300) {
          res.status = 401;
          res.set_content("bad signature or stale timestamp", "text/plain");
          return;
        }
        ++verified;
      }
      res.status = status;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

  int status = 200;
  int verified = 0;
  std::vector<std::string> bodies;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
};

Message opened() {
  ViolationItem v{"aws-s3-bucket-public",
                  "S3 bucket is public",
                  "high",
                  "arn:aws:s3:::payroll",
                  "payroll",
                  "111111111111",
                  "us-east-1",
                  "grants READ to AllUsers"};
  Message m = violations_opened({v}, 42, Settings{});
  m.key = "scan:42:opened";
  return m;
}

WebhookSettings hook(const Receiver& r,
                     WebhookSettings::Format format = WebhookSettings::Format::Json) {
  WebhookSettings w;
  w.name = "secops";
  w.url = r.url();
  w.format = format;
  w.secret_env = kSecretVar;
  w.timeout = 10s;
  return w;
}

class WebhookTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv(kSecretVar, kSecret, 1); }
  void TearDown() override { ::unsetenv(kSecretVar); }
};

TEST_F(WebhookTest, SignedJsonIsVerifiedByTheReceiver) {
  Receiver r;
  Status s = WebhookChannel(hook(r)).send(opened());
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(r.bodies.size(), 1u);
  EXPECT_EQ(r.verified, 1);
  auto body = nlohmann::json::parse(r.bodies[0]);
  EXPECT_EQ(body["kind"], "violations-opened");
  EXPECT_EQ(body["key"], "scan:42:opened");
  EXPECT_EQ(body["facts"]["scan_id"], 42);
  EXPECT_EQ(body["facts"]["violations"][0]["asset_id"], "arn:aws:s3:::payroll");
  EXPECT_EQ(body["subject"], "[Vigil] New high violation: S3 bucket is public on payroll");
}

TEST_F(WebhookTest, AWrongSecretOrAnOldTimestampIsRefused) {
  Receiver r;
  ::setenv(kSecretVar, "not the shared secret", 1);
  Status forged = WebhookChannel(hook(r)).send(opened());
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(failure_kind(forged.error()), FailureKind::Rejected) << forged.error().message;
  EXPECT_NE(forged.error().message.find("HTTP 401"), std::string::npos);

  ::setenv(kSecretVar, kSecret, 1);
  auto ten_minutes_ago = [] { return std::chrono::system_clock::now() - 10min; };
  Status replayed = WebhookChannel(hook(r), ten_minutes_ago).send(opened());
  ASSERT_FALSE(replayed.ok());
  EXPECT_EQ(r.verified, 0);
}

TEST_F(WebhookTest, SignatureFormat) {
  // The documented form, checked against the HMAC computed here.
  EXPECT_EQ(webhook_signature(kSecret, 1800000000, "{}"),
            "sha256=" + hmac_hex(kSecret, "1800000000.{}"));
}

TEST_F(WebhookTest, SlackAndTeamsShapes) {
  Receiver r;
  ASSERT_TRUE(WebhookChannel(hook(r, WebhookSettings::Format::Slack)).send(opened()).ok());
  ASSERT_TRUE(WebhookChannel(hook(r, WebhookSettings::Format::Teams)).send(opened()).ok());
  ASSERT_EQ(r.bodies.size(), 2u);
  auto slack = nlohmann::json::parse(r.bodies[0]);
  EXPECT_EQ(slack["text"], "[Vigil] New high violation: S3 bucket is public on payroll");
  EXPECT_EQ(slack["blocks"][0]["type"], "header");
  EXPECT_EQ(slack["blocks"][1]["text"]["type"], "mrkdwn");
  EXPECT_NE(std::string(slack["blocks"][1]["text"]["text"]).find("grants READ to AllUsers"),
            std::string::npos);
  auto teams = nlohmann::json::parse(r.bodies[1]);
  EXPECT_EQ(teams["type"], "message");
  EXPECT_EQ(teams["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
  EXPECT_EQ(teams["attachments"][0]["content"]["type"], "AdaptiveCard");
  EXPECT_EQ(teams["attachments"][0]["content"]["body"][0]["text"], slack["text"]);
}

TEST_F(WebhookTest, FailureKinds) {
  Receiver r;
  r.status = 503;
  Status busy = WebhookChannel(hook(r)).send(opened());
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(failure_kind(busy.error()), FailureKind::ServerDown);
  r.status = 410;
  Status gone = WebhookChannel(hook(r)).send(opened());
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(failure_kind(gone.error()), FailureKind::Rejected);

  ::unsetenv(kSecretVar);
  Status no_secret = WebhookChannel(hook(r)).send(opened());
  ASSERT_FALSE(no_secret.ok());
  EXPECT_EQ(failure_kind(no_secret.error()), FailureKind::BadConfig);

  WebhookSettings nowhere = hook(r);
  nowhere.url = "http://127.0.0.1:1/hook";
  ::setenv(kSecretVar, kSecret, 1);
  Status down = WebhookChannel(nowhere).send(opened());
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(failure_kind(down.error()), FailureKind::ServerDown);
}

}  // namespace
}  // namespace vigil::notify
