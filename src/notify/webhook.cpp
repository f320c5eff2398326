// Webhook payloads, signatures and delivery (webhook.h).
#include "notify/webhook.h"

#include <fmt/format.h>

#include <cstdlib>

#include "core/crypto.h"
#include "notify/failure.h"

namespace vigil::notify {

namespace {

constexpr size_t kSlackTextMax = 3000;  // a section block's text limit

std::string clipped(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

nlohmann::json slack(const Message& m) {
  return {
      {"text", m.subject},
      {"blocks",
       {{{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", clipped(m.subject, 150)}}}},
        {{"type", "section"},
         {"text", {{"type", "mrkdwn"}, {"text", clipped(m.text, kSlackTextMax)}}}}}}};
}

nlohmann::json teams(const Message& m) {
  nlohmann::json card = {{"type", "AdaptiveCard"},
                         {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                         {"version", "1.4"},
                         {"body",
                          {{{"type", "TextBlock"},
                            {"text", m.subject},
                            {"weight", "Bolder"},
                            {"size", "Medium"},
                            {"wrap", true}},
                           {{"type", "TextBlock"}, {"text", m.text}, {"wrap", true}}}}};
  return {{"type", "message"},
          {"attachments",
           {{{"contentType", "application/vnd.microsoft.card.adaptive"}, {"content", card}}}}};
}

}  // namespace

std::string webhook_body(WebhookSettings::Format format, const Message& m) {
  switch (format) {
    case WebhookSettings::Format::Slack:
      return slack(m).dump();
    case WebhookSettings::Format::Teams:
      return teams(m).dump();
    case WebhookSettings::Format::Json:
      break;
  }
  return nlohmann::json{{"kind", to_string(m.kind)},
                        {"key", m.key},
                        {"subject", m.subject},
                        {"text", m.text},
                        {"facts", m.facts}}
      .dump();
}

std::string webhook_signature(std::string_view secret, int64_t timestamp, std::string_view body) {
  std::string signed_text = std::to_string(timestamp) + "." + std::string(body);
  return "sha256=" + hex(hmac_sha256(secret, signed_text));
}

WebhookChannel::WebhookChannel(WebhookSettings settings, Clock clock)
    : settings_(std::move(settings)),
      clock_(std::move(clock)),
      http_(aws::make_curl_http_client()) {}

Status WebhookChannel::send(const Message& m) {
  const WebhookSettings& s = settings_;
  aws::HttpRequest request;
  request.method = "POST";
  request.url = s.url;
  request.timeout = s.timeout;
  request.body = webhook_body(s.format, m);
  request.headers = {{"Content-Type", "application/json"}};
  const char* secret = s.secret_env.empty() ? nullptr : std::getenv(s.secret_env.c_str());
  if (!s.secret_env.empty() && !secret)
    return delivery_failure(
        FailureKind::BadConfig,
        fmt::format("webhook {}: the secret variable {} is not set", s.name, s.secret_env));
  if (secret) {
    int64_t timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
    request.headers.emplace_back("X-Vigil-Timestamp", std::to_string(timestamp));
    request.headers.emplace_back("X-Vigil-Signature",
                                 webhook_signature(secret, timestamp, request.body));
  }
  Result<aws::HttpResponse> response = http_->send(request);
  if (!response.ok())
    return delivery_failure(FailureKind::ServerDown,
                            fmt::format("webhook {}: {}", s.name, response.error().message));
  int status = response->status;
  if (status >= 200 && status < 300) return Status::Ok();
  std::string message = fmt::format("webhook {}: {} answered HTTP {}: {}", s.name, s.url, status,
                                    clipped(response->body, 200));
  if (status >= 500 || status == 429) return delivery_failure(FailureKind::ServerDown, message);
  return delivery_failure(FailureKind::Rejected, message);
}

}  // namespace vigil::notify
