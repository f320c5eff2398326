// Message kinds and the outbox's JSON form of a message.
#include "notify/message.h"

#include <array>
#include <utility>

namespace vigil::notify {

namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 12> kEventKinds = {{
    {EventKind::ViolationsOpened, "violations-opened"},
    {EventKind::FixWarning, "fix-warning"},
    {EventKind::FixReminder, "fix-reminder"},
    {EventKind::FixAwaitingApproval, "fix-awaiting-approval"},
    {EventKind::FixSuspended, "fix-suspended"},
    {EventKind::FixRescheduled, "fix-rescheduled"},
    {EventKind::FixCancelled, "fix-cancelled"},
    {EventKind::FixApplied, "fix-applied"},
    {EventKind::FixFailed, "fix-failed"},
    {EventKind::ExceptionGranted, "exception-granted"},
    {EventKind::ExceptionExpiring, "exception-expiring"},
    {EventKind::Digest, "digest"},
}};

}  // namespace

std::string_view to_string(EventKind kind) {
  for (const auto& [k, name] : kEventKinds)
    if (k == kind) return name;
  return "unknown";
}

std::optional<EventKind> event_kind_from(std::string_view text) {
  for (const auto& [k, name] : kEventKinds)
    if (name == text) return k;
  return std::nullopt;
}

std::string to_json(const Message& m) {
  nlohmann::json j = {{"kind", to_string(m.kind)},
                      {"to", m.to},
                      {"subject", m.subject},
                      {"text", m.text},
                      {"html", m.html},
                      {"key", m.key},
                      {"facts", m.facts}};
  return j.dump();
}

Result<Message> message_from_json(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  auto corrupt = [](std::string what) {
    return Error("outbox message: " + what).with_kind(Error::Kind::Corrupt);
  };
  if (!j.is_object()) return corrupt("not a JSON object");
  Message m;
  try {
    auto kind = event_kind_from(j.at("kind").get<std::string>());
    if (!kind) return corrupt("unknown kind " + j.at("kind").dump());
    m.kind = *kind;
    m.to = j.at("to").get<std::vector<std::string>>();
    m.subject = j.at("subject").get<std::string>();
    m.text = j.at("text").get<std::string>();
    m.html = j.at("html").get<std::string>();
    m.key = j.at("key").get<std::string>();
    m.facts = j.value("facts", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    return corrupt(e.what());
  }
  return m;
}

}  // namespace vigil::notify
