// OCSF Detection Finding writer (ocsf.h).
#include "engine/formats/ocsf.h"

#include "core/json_text.h"
#include "engine/formats/block_writer.h"
#include "engine/formats/common.h"

namespace vigil::formats {
namespace {

void str(std::string& out, std::string_view s) { append_json_string(out, s); }

// OCSF severity_id and its caption.
std::pair<int, std::string_view> severity_of(Severity s) {
  switch (s) {
    case Severity::Critical:
      return {5, "Critical"};
    case Severity::High:
      return {4, "High"};
    case Severity::Medium:
      return {3, "Medium"};
    case Severity::Low:
      return {2, "Low"};
    case Severity::Info:
      return {1, "Informational"};
  }
  return {0, "Unknown"};
}

std::string_view status_code_of(Outcome o) {
  switch (o) {
    case Outcome::Violation:
      return "FAIL";
    case Outcome::Compliant:
      return "PASS";
    case Outcome::Unknown:
      return "UNKNOWN";
    case Outcome::Gone:
      return "NOT_APPLICABLE";
  }
  return "UNKNOWN";
}

// OCSF status_id and its caption (the finding's workflow state).
std::pair<int, std::string_view> status_of(const ReportFinding& f) {
  if (f.exempted) return {3, "Suppressed"};
  if (f.outcome == Outcome::Gone) return {99, "Closed"};
  if (f.outcome == Outcome::Compliant && f.tracked_id != 0) return {4, "Resolved"};
  return {1, "New"};
}

// "s3" of "aws.s3.bucket": the service, OCSF's resource group.
std::string_view service_of(std::string_view type) {
  size_t first = type.find('.');
  if (first == std::string_view::npos) return type;
  size_t second = type.find('.', first + 1);
  return type.substr(
      first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1);
}

struct Scratch {
  std::string uid;
  TimeText times;
};

// "time": 1764547200000, "time_dt": "2026-12-01T00:00:00Z"
void time_pair(std::string& out, std::string_view name, std::chrono::system_clock::time_point t,
               TimeText& times) {
  out += '"';
  out += name;
  out += "\": ";
  out += std::to_string(unix_millis(t));
  out += ", \"";
  out += name;
  out += "_dt\": \"";
  out += times.of(t);
  out += '"';
}

void write_event(std::string& out, const ReportFinding& f, const ReportMeta& meta,
                 Scratch& scratch) {
  const Policy& p = *f.policy;
  auto [severity_id, severity] = severity_of(p.severity);
  auto [status_id, status] = status_of(f);
  out += "{\"metadata\": {\"event_code\": ";
  str(out, p.id);
  out += ", \"product\": {\"uid\": \"vigil\", \"name\": ";
  str(out, kToolName);
  out += ", \"vendor_name\": ";
  str(out, kToolName);
  out += ", \"version\": ";
  str(out, tool_version());
  out += "}, \"profiles\": [\"cloud\", \"datetime\"], \"version\": ";
  str(out, kOcsfVersion);
  out +=
      "}, \"category_uid\": 2, \"category_name\": \"Findings\", \"class_uid\": 2004, "
      "\"class_name\": \"Detection Finding\", \"activity_id\": 1, \"activity_name\": \"Create\", "
      "\"type_uid\": 200401, \"type_name\": \"Detection Finding: Create\", ";
  time_pair(out, "time", last_change(f, meta), scratch.times);
  out += ", \"severity_id\": ";
  out += std::to_string(severity_id);
  out += ", \"severity\": ";
  str(out, severity);
  out += ", \"status_id\": ";
  out += std::to_string(status_id);
  out += ", \"status\": ";
  str(out, status);
  out += ", \"status_code\": ";
  str(out, status_code_of(f.outcome));
  out += ", \"status_detail\": ";
  str(out, message_or_default(f));
  out += ", \"message\": ";
  str(out, message_or_default(f));
  out += ", \"finding_info\": {\"uid\": ";
  scratch.uid.clear();
  append_finding_uid(scratch.uid, f);
  str(out, scratch.uid);
  out += ", \"title\": ";
  str(out, p.title);
  out += ", \"desc\": ";
  str(out, p.description.empty() ? p.title : p.description);
  out += ", \"types\": [";
  str(out, to_string(p.category));
  out += "], ";
  time_pair(out, "created_time", first_seen(f, meta), scratch.times);
  if (f.tracked_id != 0) {
    out += ", ";
    time_pair(out, "modified_time", f.last_change, scratch.times);
  }
  out += "}, \"resources\": [{\"uid\": ";
  str(out, f.asset_id);
  out += ", \"name\": ";
  str(out, f.asset_name);
  out += ", \"type\": ";
  str(out, f.asset_type);
  out += ", \"region\": ";
  str(out, f.region);
  out += ", \"cloud_partition\": \"aws\", \"group\": {\"name\": ";
  str(out, service_of(f.asset_type));
  out += "}}], \"cloud\": {\"provider\": \"aws\", \"region\": ";
  str(out, f.region);
  out += ", \"account\": {\"uid\": ";
  str(out, f.account);
  out += ", \"type_id\": 10, \"type\": \"AWS Account\"}}";
  if (!p.remediation.empty()) {
    out += ", \"remediation\": {\"desc\": ";
    str(out, p.remediation);
    out += ", \"references\": [";
    bool first = true;
    for (const std::string& r : p.references) {
      out += first ? "" : ", ";
      first = false;
      str(out, r);
    }
    out += "]}";
  }
  // OCSF 1.1.0 has no risk_details (Prowler's later mapping puts the
  // rationale there): it goes with the rest of what OCSF does not map.
  out += ", \"unmapped\": {\"category\": ";
  str(out, to_string(p.category));
  if (!p.rationale.empty()) {
    out += ", \"rationale\": ";
    str(out, p.rationale);
  }
  if (!p.frameworks.empty()) {
    out += ", \"compliance\": {";
    bool first = true;
    for (const auto& [framework, controls] : p.frameworks) {
      out += first ? "" : ", ";
      first = false;
      str(out, framework);
      out += ": [";
      for (size_t i = 0; i < controls.size(); ++i) {
        if (i) out += ", ";
        str(out, controls[i]);
      }
      out += "]";
    }
    out += "}";
  }
  if (f.tracked_id != 0) {
    out += ", \"violation_id\": ";
    out += std::to_string(f.tracked_id);
    if (!f.close_reason.empty()) {
      out += ", \"close_reason\": ";
      str(out, f.close_reason);
    }
  }
  out += "}}";
}

}  // namespace

void write_ocsf(std::ostream& stream, const FindingSource& source, const ReportMeta& meta) {
  BlockWriter writer(stream);
  std::string& out = writer.text();
  out += '[';
  Scratch scratch;
  for (size_t i = 0, n = source.size(); i < n; ++i) {
    out += i ? ",\n" : "\n";
    write_event(out, source.at(i), meta, scratch);
    writer.maybe_flush();
  }
  out += source.size() ? "\n]\n" : "]\n";
  writer.finish();
}

}  // namespace vigil::formats
