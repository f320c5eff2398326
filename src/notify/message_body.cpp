// Text and HTML bodies written side by side (message_body.h).
#include "notify/message_body.h"

#include <fmt/format.h>

#include "core/time_text.h"
#include "core/xml_text.h"

namespace vigil::notify::detail {

namespace {

std::string escaped(std::string_view s) {
  std::string out;
  append_xml_text(out, s);
  return out;
}

}  // namespace

MessageBody::MessageBody(std::string_view title) {
  text_ = fmt::format("{}\n{}\n\n", title, std::string(std::min<size_t>(title.size(), 72), '='));
  html_ = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>" + escaped(title) +
          "</title></head>\n<body style=\"font-family: sans-serif\">\n<h1>" + escaped(title) +
          "</h1>\n";
}

void MessageBody::paragraph(std::string_view text) {
  text_ += fmt::format("{}\n\n", text);
  html_ += "<p>" + escaped(text) + "</p>\n";
}

void MessageBody::fields(const std::vector<std::pair<std::string, std::string>>& rows) {
  html_ += "<table>\n";
  for (const auto& [label, value] : rows) {
    if (value.empty()) continue;
    text_ += fmt::format("{}: {}\n", label, value);
    html_ +=
        "<tr><th align=\"left\">" + escaped(label) + "</th><td>" + escaped(value) + "</td></tr>\n";
  }
  text_ += "\n";
  html_ += "</table>\n";
}

void MessageBody::violations(const std::vector<ViolationItem>& items, size_t max) {
  html_ += "<ul>\n";
  size_t shown = 0;
  for (const ViolationItem& v : items) {
    if (shown++ == max) break;
    std::string where = v.asset_name.empty() ? v.asset_id : v.asset_name + " (" + v.asset_id + ")";
    std::string title = v.title.empty() ? v.policy_id : v.title + " [" + v.policy_id + "]";
    text_ += fmt::format("- [{}] {}\n  {} in {}/{}\n  {}\n", v.severity, title, where, v.account,
                         v.region, v.message);
    html_ += fmt::format("<li><b>{}</b> {}<br>{} in {}/{}<br>{}</li>\n", escaped(v.severity),
                         escaped(title), escaped(where), escaped(v.account), escaped(v.region),
                         escaped(v.message));
  }
  html_ += "</ul>\n";
  if (items.size() > max) {
    std::string more = fmt::format("... and {} more.", items.size() - max);
    text_ += more + "\n";
    html_ += "<p>" + escaped(more) + "</p>\n";
  }
  text_ += "\n";
}

void MessageBody::link(std::string_view label, std::string_view url) {
  if (url.empty()) return;
  text_ += fmt::format("{}: {}\n", label, url);
  html_ += "<p><a href=\"" + escaped(url) + "\">" + escaped(label) + "</a></p>\n";
}

std::string when(SystemTime at, SystemTime now) {
  auto span = std::chrono::floor<std::chrono::seconds>(at - now);
  if (span.count() >= 0) return fmt::format("{} (in {})", format_time(at), format_span(span));
  return fmt::format("{} ({} ago)", format_time(at), format_span(-span));
}

nlohmann::json violation_facts(const ViolationItem& v) {
  return {{"policy_id", v.policy_id}, {"title", v.title},           {"severity", v.severity},
          {"asset_id", v.asset_id},   {"asset_name", v.asset_name}, {"account", v.account},
          {"region", v.region},       {"message", v.message}};
}

}  // namespace vigil::notify::detail
