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

void str(std::string& out, std::string_view s) { append_json_string(out, s); }

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
  str(out, p.id);
  out += ", \"shortDescription\": {\"text\": ";
  str(out, p.title);
  out += "}, \"fullDescription\": {\"text\": ";
  str(out, p.description.empty() ? p.title : p.description);
  out += "}";
  if (!p.remediation.empty()) {
    out += ", \"help\": {\"text\": ";
    str(out, p.remediation);
    out += "}";
  }
  if (std::string_view url = first_url(p); !url.empty()) {
    out += ", \"helpUri\": ";
    str(out, url);
  }
  out += ", \"defaultConfiguration\": {\"level\": ";
  str(out, level_of(p.severity));
  out += "}, \"properties\": {\"tags\": [";
  str(out, to_string(p.category));
  for (const auto& [framework, controls] : p.frameworks) {
    out += ", ";
    str(out, framework);
  }
  out += "], \"security-severity\": ";
  str(out, security_severity(p.severity));
  out += ", \"severity\": ";
  str(out, to_string(p.severity));
  out += ", \"category\": ";
  str(out, to_string(p.category));
  if (!p.frameworks.empty()) {
    out += ", \"frameworks\": {";
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
  out += "}}";
}

void write_result(std::string& out, const ReportFinding& f, uint32_t rule_index,
                  std::string& scratch) {
  const Policy& p = *f.policy;
  out += "{\"ruleId\": ";
  str(out, p.id);
  out += ", \"ruleIndex\": ";
  out += std::to_string(rule_index);
  out += ", \"kind\": ";
  str(out, kind_of(f.outcome));
  out += ", \"level\": ";
  str(out, f.outcome == Outcome::Violation ? level_of(p.severity) : "none");
  out += ", \"message\": {\"text\": ";
  str(out, message_or_default(f));
  out += "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"";
  append_uri(out, f.asset_id);
  out += "\"}}, \"logicalLocations\": [{\"fullyQualifiedName\": ";
  str(out, f.asset_id);
  if (!f.asset_name.empty()) {
    out += ", \"name\": ";
    str(out, f.asset_name);
  }
  out += ", \"kind\": ";
  str(out, f.asset_type);
  out += "}]}], \"partialFingerprints\": {\"vigilFinding/v1\": ";
  scratch.clear();
  append_finding_uid(scratch, f);
  str(out, scratch);
  out += "}";
  if (f.exempted) {
    out +=
        ", \"suppressions\": [{\"kind\": \"external\", \"status\": \"accepted\", "
        "\"justification\": ";
    str(out, "exempted by a Vigil exception");
    out += "}]";
  }
  out += ", \"properties\": {\"account\": ";
  str(out, f.account);
  out += ", \"region\": ";
  str(out, f.region);
  out += ", \"assetType\": ";
  str(out, f.asset_type);
  out += ", \"status\": ";
  str(out, f.outcome == Outcome::Violation   ? "violation"
           : f.outcome == Outcome::Compliant ? "compliant"
           : f.outcome == Outcome::Unknown   ? "unknown"
                                             : "closed");
  if (f.tracked_id != 0) {
    out += ", \"violationId\": ";
    out += std::to_string(f.tracked_id);
    if (!f.close_reason.empty()) {
      out += ", \"closeReason\": ";
      str(out, f.close_reason);
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
  str(out, kToolName);
  out += ", \"version\": ";
  str(out, tool_version());
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
