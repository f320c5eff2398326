// E-mail delivery against a real SMTP server (aiosmtpd, smtp_sink.h): what
// arrives (envelope recipients, headers, both bodies as Python's e-mail
// package reads them) and each failure kind.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "core/time_text.h"
#include "notify/failure.h"
#include "notify/smtp.h"
#include "notify/templates.h"
#include "smtp_sink.h"

namespace vigil::notify {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::SmtpSink::available()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    folder_ = fs::temp_directory_path() /
              ("vigil-smtp-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    sink_ = std::make_unique<testing::SmtpSink>(folder_);
  }
  void TearDown() override {
    sink_.reset();
    fs::remove_all(folder_);
  }
  SmtpSettings settings() const {
    SmtpSettings s;
    s.url = sink_->url();
    s.from = "vigil@example.com";
    s.timeout = 10s;
    return s;
  }
  static ViolationItem bucket(std::string message) {
    return {"aws-s3-bucket-public",
            "S3 bucket is public",
            "high",
            "arn:aws:s3:::payroll",
            "payroll",
            "111111111111",
            "us-east-1",
            std::move(message)};
  }

  fs::path folder_;
  std::unique_ptr<testing::SmtpSink> sink_;
};

TEST_F(SmtpTest, DeliversTextAndHtmlToEveryRecipient) {
  ASSERT_EQ(sink_->start(), "");
  Settings cfg;
  Message m =
      violations_opened({bucket("grants READ to <AllUsers> & more"), bucket("second")}, 42, cfg);
  m.to = {"alice@example.com", "team@example.com"};
  m.key = "scan:42:opened:alice";
  ASSERT_TRUE(SmtpChannel(settings()).send(m).ok());

  auto got = sink_->messages();
  ASSERT_EQ(got.size(), 1u);
  const auto& mail = got[0];
  EXPECT_EQ(mail["mail_from"], "vigil@example.com");
  EXPECT_EQ(mail["rcpt_tos"], nlohmann::json({"alice@example.com", "team@example.com"}));
  EXPECT_EQ(mail["subject"], "[Vigil] 2 new violations on your resources");
  EXPECT_EQ(mail["event"], "violations-opened");
  std::string text = mail["text"], html = mail["html"];
  EXPECT_NE(text.find("2 new violations found by scan 42"), std::string::npos) << text;
  EXPECT_NE(text.find("grants READ to <AllUsers> & more"), std::string::npos) << text;
  EXPECT_NE(text.find("payroll (arn:aws:s3:::payroll) in 111111111111/us-east-1"),
            std::string::npos);
  // The HTML carries the same text, escaped: the asset's text adds no markup.
  EXPECT_NE(html.find("grants READ to &lt;AllUsers&gt; &amp; more"), std::string::npos) << html;
  EXPECT_EQ(html.find("<AllUsers>"), std::string::npos);
}

TEST_F(SmtpTest, FixWarningStatesTheDeadlineAndTheChange) {
  ASSERT_EQ(sink_->start(), "");
  auto now = *parse_time("2026-12-06T10:00:00Z");
  FixItem fix{bucket("public"), "s3-block-public-access",
              "PutPublicAccessBlock on payroll (all four settings true)", now + 24h, ""};
  Message m = fix_warning(fix, now, Settings{});
  m.to = {"owner@example.com"};
  m.key = "fix:1:warning";
  ASSERT_TRUE(SmtpChannel(settings()).send(m).ok());
  auto got = sink_->messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["subject"],
            "[Vigil] Fix planned by 2026-12-07T10:00:00Z: S3 bucket is public on payroll");
  std::string text = got[0]["text"];
  EXPECT_NE(text.find("Deadline: 2026-12-07T10:00:00Z (in 1d)"), std::string::npos) << text;
  EXPECT_NE(text.find("Change: PutPublicAccessBlock on payroll (all four settings true)"),
            std::string::npos);
  EXPECT_NE(
      text.find("vigil exceptions add --policy aws-s3-bucket-public --asset arn:aws:s3:::payroll"),
      std::string::npos);
  EXPECT_NE(std::string(got[0]["html"]).find("2026-12-07T10:00:00Z (in 1d)"), std::string::npos);
}

TEST_F(SmtpTest, NonAsciiSubjectAndHeaderInjectionAreSafe) {
  ASSERT_EQ(sink_->start(), "");
  Message m;
  m.kind = EventKind::Digest;
  m.to = {"a@example.com"};
  m.subject = "Größe: 3 offene Verstöße\r\nBcc: victim@example.com";
  m.text = "ü";
  m.html = "<p>ü</p>";
  m.key = "k";
  ASSERT_TRUE(SmtpChannel(settings()).send(m).ok());
  auto got = sink_->messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["subject"], "Größe: 3 offene Verstöße  Bcc: victim@example.com");
  EXPECT_EQ(got[0]["rcpt_tos"], nlohmann::json({"a@example.com"}));
  EXPECT_EQ(got[0]["text"], "ü");
}

TEST_F(SmtpTest, AuthenticatesWithThePasswordFromTheEnvironment) {
  ASSERT_EQ(sink_->start({"--user", "vigil", "--password", "s3cret"}), "");
  SmtpSettings s = settings();
  s.username = "vigil";
  s.password_env = "VIGIL_TEST_SMTP_PASSWORD";
  Message m =
      exception_granted({7, "policy p on a", "accepted", "bob", "carol", "T-1", {}}, Settings{});
  m.to = {"a@example.com"};
  m.key = "exception:7:granted";

  ::unsetenv("VIGIL_TEST_SMTP_PASSWORD");
  Status unset = SmtpChannel(s).send(m);
  ASSERT_FALSE(unset.ok());
  EXPECT_EQ(failure_kind(unset.error()), FailureKind::BadConfig) << unset.error().message;

  ::setenv("VIGIL_TEST_SMTP_PASSWORD", "wrong", 1);
  Status wrong = SmtpChannel(s).send(m);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(failure_kind(wrong.error()), FailureKind::AuthFailed) << wrong.error().message;

  ::setenv("VIGIL_TEST_SMTP_PASSWORD", "s3cret", 1);
  Status right = SmtpChannel(s).send(m);
  EXPECT_TRUE(right.ok()) << right.error().message;
  EXPECT_EQ(sink_->messages().size(), 1u);

  SmtpSettings anonymous = settings();  // the server requires AUTH: MAIL FROM is refused
  Status refused = SmtpChannel(anonymous).send(m);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(failure_kind(refused.error()), FailureKind::Rejected) << refused.error().message;
  ::unsetenv("VIGIL_TEST_SMTP_PASSWORD");
}

// STARTTLS and AUTH together, as a mail relay requires them: the server
// offers STARTTLS with a self-signed certificate made here and refuses
// anything (AUTH included) before it. Trusted through ca_file, the message
// arrives over TLS after AUTH; without ca_file the certificate is not
// trusted (BadConfig, nothing sent); without TLS the server refuses.
TEST_F(SmtpTest, StartTlsThenAuthWithAPrivateCertificate) {
  fs::path tls = folder_ / "tls";
  fs::create_directories(tls);
  std::string made =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
      "-days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
      (tls / "key.pem").string() + "' -out '" + (tls / "cert.pem").string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(made.c_str()), 0) << made;
  ASSERT_EQ(sink_->start({"--user", "vigil", "--password", "s3cret", "--tls-cert",
                          (tls / "cert.pem").string(), "--tls-key", (tls / "key.pem").string()}),
            "");
  SmtpSettings s = settings();
  s.tls = SmtpSettings::Tls::Required;
  s.username = "vigil";
  s.password_env = "VIGIL_TEST_SMTP_PASSWORD";
  ::setenv("VIGIL_TEST_SMTP_PASSWORD", "s3cret", 1);
  Message m = violations_opened({bucket("public")}, 9, Settings{});
  m.to = {"owner@example.com"};
  m.key = "violation:9:opened";

  Status untrusted = SmtpChannel(s).send(m);
  ASSERT_FALSE(untrusted.ok());
  EXPECT_EQ(failure_kind(untrusted.error()), FailureKind::BadConfig) << untrusted.error().message;
  EXPECT_NE(untrusted.error().message.find("ca_file"), std::string::npos)
      << untrusted.error().message;
  EXPECT_TRUE(sink_->messages().empty());

  SmtpSettings plain = s;  // no STARTTLS: the server refuses AUTH and MAIL
  plain.tls = SmtpSettings::Tls::Off;
  plain.ca_file = (tls / "cert.pem").string();
  EXPECT_FALSE(SmtpChannel(plain).send(m).ok());
  EXPECT_TRUE(sink_->messages().empty());

  s.ca_file = (tls / "cert.pem").string();
  Status sent = SmtpChannel(s).send(m);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  auto got = sink_->messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["tls"], true);
  EXPECT_EQ(got[0]["authenticated"], true);
  EXPECT_EQ(got[0]["rcpt_tos"], nlohmann::json({"owner@example.com"}));
  EXPECT_EQ(got[0]["mail_from"], "vigil@example.com");
  EXPECT_EQ(got[0]["subject"], m.subject);
  ::unsetenv("VIGIL_TEST_SMTP_PASSWORD");
}

TEST_F(SmtpTest, FailureKinds) {
  Message m;
  m.to = {"nobody@example.com"};
  m.subject = "s";
  m.key = "k";
  // Nobody listens yet: the server is down.
  Status down = SmtpChannel(settings()).send(m);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(failure_kind(down.error()), FailureKind::ServerDown) << down.error().message;
  EXPECT_EQ(down.error().kind, Error::Kind::Unavailable);

  ASSERT_EQ(sink_->start({"--refuse", "nobody@example.com"}), "");
  Status refused = SmtpChannel(settings()).send(m);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(failure_kind(refused.error()), FailureKind::RecipientRefused)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("550"), std::string::npos) << refused.error().message;

  // The server offers no STARTTLS: "when offered" sends in clear, "required" refuses.
  m.to = {"someone@example.com"};
  SmtpSettings required = settings();
  required.tls = SmtpSettings::Tls::Required;
  Status no_tls = SmtpChannel(required).send(m);
  ASSERT_FALSE(no_tls.ok());
  EXPECT_EQ(failure_kind(no_tls.error()), FailureKind::BadConfig) << no_tls.error().message;
  EXPECT_TRUE(SmtpChannel(settings()).send(m).ok());
  EXPECT_EQ(sink_->messages().size(), 1u);
}

}  // namespace
}  // namespace vigil::notify
