// Webhooks: an HTTP POST of a JSON payload per message.
//
// Payload shapes (webhook_body): Json is Vigil's own
//   {"kind", "key", "subject", "text", "facts"}  (facts: the event as data);
// Slack is an incoming-webhook message ({"text", "blocks"}: a header and the
// text as mrkdwn); Teams is a message with one Adaptive Card (what Teams
// workflow webhooks accept).
//
// Signing: with a secret, every request carries
//   X-Vigil-Timestamp: <Unix seconds>
//   X-Vigil-Signature: sha256=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<body>")>
// A receiver recomputes the HMAC over the timestamp it received, a dot and
// the raw body, compares in constant time, and refuses a timestamp more than
// a few minutes from its clock, so a captured request cannot be replayed
// later. A Json webhook requires a secret; Slack and Teams sign when one is
// given.
//
// Failure kinds (failure.h): ServerDown (no response, HTTP 5xx or 429),
// Rejected (other HTTP 4xx), BadConfig (the secret variable is unset).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "aws_client/transport/http.h"
#include "notify/channel.h"
#include "notify/settings.h"

namespace vigil::notify {

std::string webhook_body(WebhookSettings::Format format, const Message& message);
// "sha256=<hex>" over "<timestamp>.<body>".
std::string webhook_signature(std::string_view secret, int64_t timestamp, std::string_view body);

class WebhookChannel : public Channel {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  explicit WebhookChannel(WebhookSettings settings, Clock clock = std::chrono::system_clock::now);
  std::string name() const override { return "webhook:" + settings_.name; }
  Status send(const Message& message) override;

 private:
  WebhookSettings settings_;
  Clock clock_;
  std::unique_ptr<aws::HttpClient> http_;
};

}  // namespace vigil::notify
