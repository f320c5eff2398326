// SMTP delivery through libcurl (smtp.h).
#include "notify/smtp.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/crypto.h"
#include "notify/failure.h"
#include "notify/mime.h"

namespace vigil::notify {

namespace {

struct Upload {
  std::string_view data;
  size_t sent = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t n = std::min(size * count, up->data.size() - up->sent);
  std::memcpy(buffer, up->data.data() + up->sent, n);
  up->sent += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

// libcurl reports a refused RCPT TO as CURLE_SEND_ERROR with the text
// "RCPT failed: <code>" and a refused MAIL FROM as "MAIL failed"; there is
// no finer result code, so the text decides between the two.
Error classify(CURLcode code, long reply, const std::string& detail, const std::string& where) {
  std::string message = fmt::format("SMTP {}: {} (reply {})", where,
                                    detail.empty() ? curl_easy_strerror(code) : detail, reply);
  switch (code) {
    case CURLE_LOGIN_DENIED:
      return delivery_failure(FailureKind::AuthFailed, message);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return delivery_failure(FailureKind::BadConfig,
                              message +
                                  "; the server's TLS certificate is not trusted: a private CA or "
                                  "a self-signed server needs notifications.email.ca_file");
    case CURLE_USE_SSL_FAILED:
      return delivery_failure(FailureKind::BadConfig,
                              message +
                                  "; the server does not offer STARTTLS, which the "
                                  "settings require (notifications.email.tls)");
    case CURLE_SEND_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
      if (detail.starts_with("RCPT failed"))
        return delivery_failure(FailureKind::RecipientRefused, message);
      if (reply >= 500 && reply < 600) return delivery_failure(FailureKind::Rejected, message);
      return delivery_failure(FailureKind::ServerDown, message);
    default:
      return delivery_failure(FailureKind::ServerDown, message);
  }
}

}  // namespace

Status SmtpChannel::send(const Message& m) {
  const SmtpSettings& s = settings_;
  if (m.to.empty()) return delivery_failure(FailureKind::BadConfig, "the message has no recipient");
  for (const std::string& a : m.to)
    if (has_line_break(a) || a.find('@') == std::string::npos)
      return delivery_failure(FailureKind::RecipientRefused,
                              fmt::format("'{}' is not an e-mail address", a));
  std::string password;
  if (!s.username.empty()) {
    const char* value = s.password_env.empty() ? nullptr : std::getenv(s.password_env.c_str());
    if (!value)
      return delivery_failure(
          FailureKind::BadConfig,
          fmt::format("SMTP {}: the password variable {} is not set", s.url,
                      s.password_env.empty() ? "(password_env)" : s.password_env));
    password = value;
  }
  const std::string message_id = hex(sha256(m.key)).substr(0, 32) + "@vigil";
  const std::string text = mime_message(m, s.from, std::chrono::system_clock::now(), message_id);
  Upload upload{text};

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return delivery_failure(FailureKind::ServerDown, "SMTP: libcurl could not start");
  std::unique_ptr<curl_slist, SlistDeleter> recipients;
  for (const std::string& a : m.to)
    recipients.reset(curl_slist_append(recipients.release(), ("<" + a + ">").c_str()));
  char detail[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  const std::string mail_from = "<" + s.from + ">";
  curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   s.tls == SmtpSettings::Tls::Required      ? CURLUSESSL_ALL
                   : s.tls == SmtpSettings::Tls::WhenOffered ? CURLUSESSL_TRY
                                                             : CURLUSESSL_NONE);
  if (!s.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s.ca_file.c_str());
  if (!s.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(s.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(s.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  CURLcode code = curl_easy_perform(c);
  if (code == CURLE_OK) return Status::Ok();
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  return classify(code, reply, detail, s.url);
}

}  // namespace vigil::notify
