// Messages about exceptions (templates.h).
#include <fmt/format.h>

#include "core/time_text.h"
#include "notify/message_body.h"
#include "notify/templates.h"

namespace vigil::notify {

namespace {

nlohmann::json exception_facts(const ExceptionItem& e) {
  return {{"id", e.id},
          {"what", e.what},
          {"reason", e.reason},
          {"requested_by", e.requested_by},
          {"granted_by", e.granted_by},
          {"ticket", e.ticket},
          {"expires", format_time(e.expires)}};
}

Message exception_message(EventKind kind, std::string subject, const detail::MessageBody& body,
                          const ExceptionItem& e) {
  Message m;
  m.kind = kind;
  m.subject = std::move(subject);
  m.text = body.text();
  m.html = body.html();
  m.facts = {{"kind", to_string(kind)}, {"exception", exception_facts(e)}};
  return m;
}

}  // namespace

Message exception_granted(const ExceptionItem& e, const Settings& settings) {
  detail::MessageBody body(fmt::format("Exception {} granted", e.id));
  body.fields({{"Covers", e.what},
               {"Reason", e.reason},
               {"Requested by", e.requested_by},
               {"Granted by", e.granted_by},
               {"Ticket", e.ticket},
               {"Expires", format_time(e.expires)}});
  body.link("Open in Vigil", settings.dashboard_url);
  return exception_message(EventKind::ExceptionGranted,
                           fmt::format("[Vigil] Exception {} granted: {}", e.id, e.what), body, e);
}

Message exception_expiring(const ExceptionItem& e, SystemTime now, const Settings& settings) {
  detail::MessageBody body(
      fmt::format("Exception {} expires {}", e.id, detail::when(e.expires, now)));
  body.paragraph(
      "When it expires, the violations it covers open again. Fix them, or ask for a new "
      "exception before then.");
  body.fields({{"Covers", e.what},
               {"Expires", detail::when(e.expires, now)},
               {"Reason", e.reason},
               {"Granted by", e.granted_by},
               {"Ticket", e.ticket}});
  body.link("Open in Vigil", settings.dashboard_url);
  return exception_message(
      EventKind::ExceptionExpiring,
      fmt::format("[Vigil] Exception {} expires {}: {}", e.id, format_time(e.expires), e.what),
      body, e);
}

}  // namespace vigil::notify
