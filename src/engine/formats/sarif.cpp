// SARIF 2.1.0 writer (sarif.h).
#include "engine/formats/sarif.h"

#include <cstdio>

#include "core/block_writer.h"
#include "core/json_text.h"
#include "engine/formats/common.h"

namespace vigil::formats {
namespace {

std::string_view level_of(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High:
      return "error";
    case Severity::Medium:
      return "warning";
    case Severity::Low:
    case Severity::Info:
      return "note";
  }
  return "warning";
}

// GitHub code scanning reads rules' "security-severity" (0.0 to 10.0).
std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::Critical:
      return "9.5";
    case Severity::High:
      return "8.0";
    case Severity::Medium:
      return "5.5";
    case Severity::Low:
      return "3.0";
    case Severity::Info:
      return "0.0";
  }
  return "5.5";
}

std::string_view kind_of(Outcome o) {
  switch (o) {
    case Outcome::Violation:
      return "fail";
    case Outcome::Compliant:
      return "pass";
    case Outcome::Unknown:
      return "open";
    case Outcome::Gone:
      return "notApplicable";
  }
  return "open";
}

// Bytes a URI may hold as they are (RFC 3986 unreserved, reserved and '%'
// excluded); others are percent-encoded.
bool uri_safe(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~:/@!$&'()*+,;=").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

void append_uri(std::string& out, std::string_view id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : id) {
    if (uri_safe(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

void write_rule(std::string& out, const Policy& p) {
  out += "{\"id\": ";
  append_json_string(out, p.id);
  out += ", \"shortDescription\": {\"text\": ";
  append_json_string(out, p.title);
  out += "}, \"fullDescription\": {\"text\": ";
  append_json_string(out, p.description.empty() ? p.title : p.description);
  out += "}";
  if (!p.remediation.empty()) {
    out += ", \"help\": {\"text\": ";
    append_json_string(out, p.remediation);
    out += "}";
  }
  if (std::string_view url = first_url(p); !url.empty()) {
    out += ", \"helpUri\": ";
    append_json_string(out, url);
  }
  out += ", \"defaultConfiguration\": {\"level\": ";
  append_json_string(out, level_of(p.severity));
  out += "}, \"properties\": {\"tags\": [";
  append_json_string(out, to_string(p.category));
  for (const auto& [framework, controls] : p.frameworks) {
    out += ", ";
    append_json_string(out, framework);
  }
  out += "], \"security-severity\": ";
  append_json_string(out, security_severity(p.severity));
  out += ", \"severity\": ";
  append_json_string(out, to_string(p.severity));
  out += ", \"category\": ";
  append_json_string(out, to_string(p.category));
  if (!p.frameworks.empty()) {
    out += ", \"frameworks\": {";
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
      out += "]";
    }
    out += "}";
  }
  out += "}}";
}

void write_result(std::string& out, const ReportFinding& f, uint32_t rule_index,
                  std::string& scratch) {
  const Policy& p = *f.policy;
  out += "{\"ruleId\": ";
  append_json_string(out, p.id);
  out += ", \"ruleIndex\": ";
  out += std::to_string(rule_index);
  out += ", \"kind\": ";
  append_json_string(out, kind_of(f.outcome));
  out += ", \"level\": ";
  append_json_string(out, f.outcome == Outcome::Violation ? level_of(p.severity) : "none");
  out += ", \"message\": {\"text\": ";
  append_json_string(out, message_or_default(f));
  out += "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"";
  append_uri(out, f.asset_id);
  out += "\"}}, \"logicalLocations\": [{\"fullyQualifiedName\": ";
  append_json_string(out, f.asset_id);
  if (!f.asset_name.empty()) {
    out += ", \"name\": ";
    append_json_string(out, f.asset_name);
  }
  out += ", \"kind\": ";
  append_json_string(out, f.asset_type);
  out += "}]}], \"partialFingerprints\": {\"vigilFinding/v1\": ";
  scratch.clear();
  append_finding_uid(scratch, f);
  append_json_string(out, scratch);
  out += "}";
  if (f.exempted) {
    out +=
        ", \"suppressions\": [{\"kind\": \"external\", \"status\": \"accepted\", "
        "\"justification\": ";
    append_json_string(out, "exempted by a Vigil exception");
    out += "}]";
  }
  out += ", \"properties\": {\"account\": ";
  append_json_string(out, f.account);
  out += ", \"region\": ";
  append_json_string(out, f.region);
  out += ", \"assetType\": ";
  append_json_string(out, f.asset_type);
  out += ", \"status\": ";
  append_json_string(out, f.outcome == Outcome::Violation   ? "violation"
                          : f.outcome == Outcome::Compliant ? "compliant"
                          : f.outcome == Outcome::Unknown   ? "unknown"
                                                            : "closed");
  if (f.tracked_id != 0) {
    out += ", \"violationId\": ";
    out += std::to_string(f.tracked_id);
    if (!f.close_reason.empty()) {
      out += ", \"closeReason\": ";
      append_json_string(out, f.close_reason);
    }
  }
  out += "}}";
}

}  // namespace

void write_sarif(std::ostream& stream, const FindingSource& source, const ReportMeta& meta) {
  PolicyIndex rules = index_policies(source);
  BlockWriter writer(stream);
  std::string& out = writer.text();
  out +=
      "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": "
      "\"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": ";
  append_json_string(out, kToolName);
  out += ", \"version\": ";
  append_json_string(out, tool_version());
  out += ", \"rules\": [";
  for (size_t i = 0; i < rules.policies.size(); ++i) {
    out += i ? ",\n      " : "\n      ";
    write_rule(out, *rules.policies[i]);
    writer.maybe_flush();
  }
  out += rules.policies.empty() ? "]}},\n" : "\n    ]}},\n";
  // A partial scan (failed scopes) did not fully succeed.
  out += "    \"invocations\": [{\"executionSuccessful\": ";
  out += meta.partial ? "false" : "true";
  out += ", \"endTimeUtc\": \"";
  append_time(out, meta.generated_at);
  out += "\"}],\n    \"results\": [";
  const Policy* last_policy = nullptr;
  uint32_t last_index = 0;
  std::string scratch;
  for (size_t i = 0, n = source.size(); i < n; ++i) {
    ReportFinding f = source.at(i);
    if (f.policy != last_policy) {
      last_policy = f.policy;
      last_index = rules.of(f.policy);
    }
    out += i ? ",\n      " : "\n      ";
    write_result(out, f, last_index, scratch);
    writer.maybe_flush();
  }
  out += source.size() ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n";
  writer.finish();
}

}  // namespace vigil::formats
