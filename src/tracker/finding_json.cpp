// A tracked finding as JSON (finding_json.h).
#include "tracker/finding_json.h"

#include "core/json_text.h"
#include "core/time_text.h"

namespace vigil::tracker {

using json = nlohmann::ordered_json;

json tracked_finding_json(const store::Violation& v, const PolicyTexts& texts) {
  json policy = {{"id", v.policy_id}};
  auto text = texts.find(v.policy_id);
  if (text != texts.end()) policy["title"] = text->second.title;
  policy["severity"] = v.severity;
  policy["category"] = v.category;
  if (text != texts.end()) policy["remediation"] = text->second.remediation;
  json j = {{"id", v.id},
            {"policy", std::move(policy)},
            {"asset",
             {{"id", v.asset.id},
              {"type", v.asset.type},
              {"account", v.asset.account},
              {"region", v.asset.region},
              {"name", v.asset.name}}},
            {"status", std::string(store::to_string(v.status))},
            {"message", v.message},
            {"first_seen", vigil::format_time(v.first_seen)},
            {"last_change", vigil::format_time(v.last_change)}};
  if (!v.close_reason.empty()) j["close_reason"] = v.close_reason;
  if (v.exception_id) j["exception"] = *v.exception_id;
  return j;
}

namespace {

void member(std::string& out, std::string_view name, std::string_view value) {
  out += '"';
  out += name;
  out += "\":";
  append_json_string(out, value);
}

}  // namespace

void append_tracked_finding_json(std::string& out, const store::Violation& v,
                                 const PolicyTexts& texts) {
  auto text = texts.find(v.policy_id);
  out += "{\"id\":";
  out += std::to_string(v.id);
  out += ",\"policy\":{";
  member(out, "id", v.policy_id);
  if (text != texts.end()) {
    out += ',';
    member(out, "title", text->second.title);
  }
  out += ',';
  member(out, "severity", v.severity);
  out += ',';
  member(out, "category", v.category);
  if (text != texts.end()) {
    out += ',';
    member(out, "remediation", text->second.remediation);
  }
  out += "},\"asset\":{";
  member(out, "id", v.asset.id);
  out += ',';
  member(out, "type", v.asset.type);
  out += ',';
  member(out, "account", v.asset.account);
  out += ',';
  member(out, "region", v.asset.region);
  out += ',';
  member(out, "name", v.asset.name);
  out += "},";
  member(out, "status", store::to_string(v.status));
  out += ',';
  member(out, "message", v.message);
  out += ',';
  member(out, "first_seen", vigil::format_time(v.first_seen));
  out += ',';
  member(out, "last_change", vigil::format_time(v.last_change));
  if (!v.close_reason.empty()) {
    out += ',';
    member(out, "close_reason", v.close_reason);
  }
  if (v.exception_id) {
    out += ",\"exception\":";
    out += std::to_string(*v.exception_id);
  }
  out += '}';
}

json violation_history_json(const std::vector<store::ViolationEvent>& events) {
  json history = json::array();
  for (const auto& e : events) {
    json h = {{"at", vigil::format_time(e.at)},
              {"scan", e.scan_id},
              {"from", e.from ? json(std::string(store::to_string(*e.from))) : json(nullptr)},
              {"to", std::string(store::to_string(e.to))},
              {"reason", e.reason}};
    if (!e.message.empty()) h["message"] = e.message;
    history.push_back(std::move(h));
  }
  return history;
}

}  // namespace vigil::tracker
