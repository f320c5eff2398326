// Private to src/notify: writes a message's text and HTML bodies side by
// side, so both always say the same thing. Every text reaching the HTML is
// escaped (core/xml_text.h).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/templates.h"

namespace vigil::notify::detail {

class MessageBody {
 public:
  explicit MessageBody(std::string_view title);
  void paragraph(std::string_view text);
  // "label: value" lines, a table in HTML.
  void fields(const std::vector<std::pair<std::string, std::string>>& rows);
  // The violations as a list (at most `max`, then "and N more").
  void violations(const std::vector<ViolationItem>& items, size_t max);
  void link(std::string_view label, std::string_view url);  // nothing when url is empty
  std::string text() const { return text_; }
  std::string html() const { return html_ + "</body>\n</html>\n"; }

 private:
  std::string text_, html_;
};

// "2026-12-07T10:00:00Z (in 23h)" / "(2h ago)".
std::string when(SystemTime at, SystemTime now);
nlohmann::json violation_facts(const ViolationItem& item);

}  // namespace vigil::notify::detail
