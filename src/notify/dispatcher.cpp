// Outbox delivery with backoff (dispatcher.h).
#include "notify/dispatcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "notify/smtp.h"
#include "notify/webhook.h"

namespace vigil::notify {

Seconds Backoff::delay(int attempts) const {
  double seconds = static_cast<double>(first.count()) * std::pow(factor, std::max(0, attempts - 1));
  return seconds >= static_cast<double>(max.count()) ? max : Seconds(static_cast<int64_t>(seconds));
}

Dispatcher::Dispatcher(store::Store& store, std::vector<std::unique_ptr<Channel>> channels,
                       Backoff backoff)
    : store_(store), channels_(std::move(channels)), backoff_(backoff) {}

Channel* Dispatcher::channel(const std::string& name) {
  for (auto& c : channels_)
    if (c->name() == name) return c.get();
  return nullptr;
}

Result<DispatchReport> Dispatcher::deliver_due(store::Time now, size_t limit) {
  Result<std::vector<store::OutboxMessage>> due = store_.due_messages(now, limit);
  if (!due.ok()) return due.error();
  DispatchReport report;
  for (const store::OutboxMessage& row : *due) {
    Status sent = Status::Ok();
    Result<Message> message = message_from_json(row.payload);
    Channel* through = channel(row.channel);
    if (!message.ok())
      sent = message.error();
    else if (!through)
      sent = Error(
          fmt::format("channel {} is not configured (notifications in vigil.yaml)", row.channel));
    else
      sent = through->send(*message);
    if (sent.ok()) {
      if (Status s = store_.mark_message_sent(row.id, now); !s.ok()) return s.error();
      ++report.sent;
      continue;
    }
    const int attempts = row.attempts + 1;
    std::optional<store::Time> next;
    if (attempts < backoff_.max_attempts) next = now + backoff_.delay(attempts);
    if (Status s = store_.mark_message_failed(row.id, sent.error().message, next); !s.ok())
      return s.error();
    ++(next ? report.retried : report.abandoned);
    report.errors.push_back(fmt::format("outbox {} ({}, attempt {}{}): {}", row.id, row.channel,
                                        attempts, next ? "" : ", abandoned", sent.error().message));
  }
  return report;
}

std::vector<std::unique_ptr<Channel>> configured_channels(const Settings& settings) {
  std::vector<std::unique_ptr<Channel>> out;
  if (settings.email) out.push_back(std::make_unique<SmtpChannel>(*settings.email));
  for (const WebhookSettings& w : settings.webhooks)
    out.push_back(std::make_unique<WebhookChannel>(w));
  return out;
}

}  // namespace vigil::notify
