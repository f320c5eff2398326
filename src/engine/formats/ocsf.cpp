// OCSF Detection Finding writer (ocsf.h).
#include "engine/formats/ocsf.h"

#include "core/block_writer.h"
#include "core/json_text.h"
#include "engine/formats/common.h"

namespace vigil::formats {
namespace {

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

void frameworks_object(std::string& out, const Policy& p) {
  out += '{';
  bool first = true;
  for (const auto& [framework, controls] : p.frameworks) {
    out += first ? "" : ", ";
    first = false;
    append_json_string(out, framework);
    out += ": [";
    for (size_t i = 0; i < controls.size(); ++i) {
      if (i) out += ", ";
      append_json_string(out, controls[i]);
    }
    out += ']';
  }
  out += '}';
}

// An event's policy parts, escaped once per policy: the event's head (up
// to its time), finding_info's policy members, and the tail (remediation,
// the start of unmapped).
struct OcsfPolicy {
  std::string head, info, tail;
};

void make_ocsf_policy(const Policy& p, OcsfPolicy& parts) {
  auto [severity_id, severity] = severity_of(p.severity);
  std::string& head = parts.head;
  head += "{\"metadata\": {\"event_code\": ";
  append_json_string(head, p.id);
  head += ", \"product\": {\"uid\": \"vigil\", \"name\": ";
  append_json_string(head, kToolName);
  head += ", \"vendor_name\": ";
  append_json_string(head, kToolName);
  head += ", \"version\": ";
  append_json_string(head, tool_version());
  head += "}, \"profiles\": [\"cloud\", \"datetime\"], \"version\": ";
  append_json_string(head, kOcsfVersion);
  head +=
      "}, \"category_uid\": 2, \"category_name\": \"Findings\", \"class_uid\": 2004, "
      "\"class_name\": \"Detection Finding\", \"activity_id\": 1, \"activity_name\": \"Create\", "
      "\"type_uid\": 200401, \"type_name\": \"Detection Finding: Create\", \"severity_id\": ";
  head += std::to_string(severity_id);
  head += ", \"severity\": ";
  append_json_string(head, severity);
  head += ", ";

  std::string& info = parts.info;
  info += ", \"title\": ";
  append_json_string(info, p.title);
  info += ", \"desc\": ";
  append_json_string(info, p.description.empty() ? p.title : p.description);
  info += ", \"types\": [";
  append_json_string(info, to_string(p.category));
  info += "], ";

  std::string& tail = parts.tail;
  if (!p.remediation.empty()) {
    tail += ", \"remediation\": {\"desc\": ";
    append_json_string(tail, p.remediation);
    tail += ", \"references\": [";
    for (size_t i = 0; i < p.references.size(); ++i) {
      if (i) tail += ", ";
      append_json_string(tail, p.references[i]);
    }
    tail += "]}";
  }
  // OCSF 1.1.0 has no risk_details (Prowler's later mapping puts the
  // rationale there): it goes with the rest of what OCSF does not map.
  tail += ", \"unmapped\": {\"category\": ";
  append_json_string(tail, to_string(p.category));
  if (!p.rationale.empty()) {
    tail += ", \"rationale\": ";
    append_json_string(tail, p.rationale);
  }
  if (!p.frameworks.empty()) {
    tail += ", \"compliance\": ";
    frameworks_object(tail, p);
  }
}

struct EventWriter {
  const ReportMeta& meta;
  PerPolicy<OcsfPolicy> parts;
  TimeText times;
  std::string uid;

  void write(std::string& out, const ReportFinding& f) {
    const OcsfPolicy& p = parts.get(f.policy, make_ocsf_policy);
    auto [status_id, status] = status_of(f);
    out += p.head;
    time_pair(out, "time", last_change(f, meta), times);
    out += ", \"status_id\": ";
    out += std::to_string(status_id);
    out += ", \"status\": ";
    append_json_string(out, status);
    out += ", \"status_code\": ";
    append_json_string(out, status_code_of(f.outcome));
    std::string_view message = message_or_default(f);
    out += ", \"status_detail\": ";
    append_json_string(out, message);
    out += ", \"message\": ";
    append_json_string(out, message);
    out += ", \"finding_info\": {\"uid\": ";
    uid.clear();
    append_finding_uid(uid, f);
    append_json_string(out, uid);
    out += p.info;
    time_pair(out, "created_time", first_seen(f, meta), times);
    if (f.tracked_id != 0) {
      out += ", ";
      time_pair(out, "modified_time", f.last_change, times);
    }
    out += "}, \"resources\": [{\"uid\": ";
    append_json_string(out, f.asset_id);
    out += ", \"name\": ";
    append_json_string(out, f.asset_name);
    out += ", \"type\": ";
    append_json_string(out, f.asset_type);
    out += ", \"region\": ";
    append_json_string(out, f.region);
    out += ", \"cloud_partition\": \"aws\", \"group\": {\"name\": ";
    append_json_string(out, service_of(f.asset_type));
    out += "}}], \"cloud\": {\"provider\": \"aws\", \"region\": ";
    append_json_string(out, f.region);
    out += ", \"account\": {\"uid\": ";
    append_json_string(out, f.account);
    out += ", \"type_id\": 10, \"type\": \"AWS Account\"}}";
    out += p.tail;
    if (f.tracked_id != 0) {
      out += ", \"violation_id\": ";
      out += std::to_string(f.tracked_id);
      if (!f.close_reason.empty()) {
        out += ", \"close_reason\": ";
        append_json_string(out, f.close_reason);
      }
    }
    out += "}}";
  }
};

}  // namespace

void write_ocsf(std::ostream& stream, const FindingSource& source, const ReportMeta& meta) {
  BlockWriter writer(stream);
  std::string& out = writer.text();
  out += '[';
  EventWriter events{meta, {}, {}, {}};
  for (size_t i = 0, n = source.size(); i < n; ++i) {
    out += i ? ",\n" : "\n";
    events.write(out, source.at(i));
    writer.maybe_flush();
  }
  out += source.size() ? "\n]\n" : "]\n";
  writer.finish();
}

}  // namespace vigil::formats
