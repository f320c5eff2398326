// ASFF writer (asff.h).
#include "engine/formats/asff.h"

#include <cctype>

#include "core/block_writer.h"
#include "core/json_text.h"
#include "engine/formats/common.h"

namespace vigil::formats {
namespace {

void str(std::string& out, std::string_view s) { append_json_string(out, s); }

// A JSON string of at most `max_chars` characters.
void limited(std::string& out, std::string_view s, size_t max_chars, std::string& scratch) {
  bool cut = false;
  std::string_view kept = cut_text(s, max_chars, cut);
  if (!cut) return str(out, kept);
  scratch.assign(kept);
  scratch += "...";
  str(out, scratch);
}

std::string_view label_of(Severity s) {
  switch (s) {
    case Severity::Critical:
      return "CRITICAL";
    case Severity::High:
      return "HIGH";
    case Severity::Medium:
      return "MEDIUM";
    case Severity::Low:
      return "LOW";
    case Severity::Info:
      return "INFORMATIONAL";
  }
  return "MEDIUM";
}

std::string_view compliance_of(Outcome o) {
  switch (o) {
    case Outcome::Violation:
      return "FAILED";
    case Outcome::Compliant:
      return "PASSED";
    case Outcome::Unknown:
    case Outcome::Gone:
      return "NOT_AVAILABLE";
  }
  return "NOT_AVAILABLE";
}

std::string_view workflow_of(const ReportFinding& f) {
  if (f.exempted) return "SUPPRESSED";
  if (f.outcome == Outcome::Compliant) return "RESOLVED";
  return "NEW";
}

// "AwsEc2SecurityGroup" of "aws.ec2.security-group": ASFF's resource type
// names follow this shape (AwsS3Bucket, AwsIamUser, AwsAccount...).
void append_resource_type(std::string& out, std::string_view type, std::string& name) {
  name.clear();
  bool upper = true;
  for (char c : type) {
    if (c == '.' || c == '-' || c == '_') {
      upper = true;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) continue;
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  str(out, name.empty() ? std::string_view("Other") : std::string_view(name));
}

void product_arn(std::string& out, std::string_view region, std::string_view account,
                 std::string& arn) {
  arn = "arn:aws:securityhub:";
  arn += region;
  arn += ':';
  arn += account;
  arn += ":product/";
  arn += account;
  arn += "/default";
  str(out, arn);
}

}  // namespace

std::string_view asff_region(const ReportFinding& f, const ReportMeta& meta) {
  if (!meta.import_account.empty()) return meta.home_region;
  return f.region.empty() || f.region == "global" ? meta.home_region : f.region;
}

namespace {

// A finding's policy parts, escaped once per policy (AsffEncoder::Parts).
void make_parts(const Policy& p, AsffEncoder::Parts& parts) {
  std::string scratch;
  std::string& g = parts.generator;
  g += ", \"ProductName\": ";
  str(g, kToolName);
  g += ", \"CompanyName\": ";
  str(g, kToolName);
  g += ", \"GeneratorId\": ";
  str(g, "vigil-" + p.id);
  g += ", \"Types\": [";
  str(g, "Software and Configuration Checks/Vigil/" + std::string(to_string(p.category)));
  g += ']';
  for (bool compliant : {false, true}) {
    std::string& severity = compliant ? parts.severity_compliant : parts.severity;
    severity += ", \"Severity\": {\"Label\": ";
    str(severity, compliant ? "INFORMATIONAL" : label_of(p.severity));
    severity += ", \"Original\": ";
    str(severity, to_string(p.severity));
    severity += "}, \"Title\": ";
    limited(severity, p.title, 256, scratch);
  }
  std::string& r = parts.remediation;
  if (!p.remediation.empty()) {
    r += ", \"Remediation\": {\"Recommendation\": {\"Text\": ";
    limited(r, p.remediation, 512, scratch);
    if (std::string_view url = first_url(p); !url.empty()) {
      r += ", \"Url\": ";
      str(r, url);
    }
    r += "}}";
  }
  r += ", \"ProductFields\": {\"vigil/policy_id\": ";
  str(r, p.id);
  r += ", \"vigil/category\": ";
  str(r, to_string(p.category));
}

}  // namespace

void AsffEncoder::append(std::string& out, const ReportFinding& f) {
  const Parts& parts = parts_.get(f.policy, make_parts);
  std::string_view region = asff_region(f, meta_);
  text_.clear();
  append_finding_uid(text_, f);
  out += "{\"SchemaVersion\": ";
  str(out, kAsffSchemaVersion);
  out += ", \"Id\": ";
  str(out, text_);
  out += ", \"ProductArn\": ";
  std::string_view account = meta_.import_account.empty() ? f.account : meta_.import_account;
  if (product_arn_.empty() || region != arn_region_ || account != arn_account_) {
    arn_region_.assign(region);
    arn_account_.assign(account);
    product_arn_.clear();
    product_arn(product_arn_, region, account, text_);
  }
  out += product_arn_;
  out += ", \"Region\": ";
  str(out, region);
  out += parts.generator;
  out += ", \"AwsAccountId\": ";
  str(out, f.account);
  out += ", \"FirstObservedAt\": ";
  std::string_view first = first_.of(first_seen(f, meta_));
  std::string_view last = last_.of(last_change(f, meta_));
  str(out, first);
  out += ", \"LastObservedAt\": ";
  str(out, last);
  out += ", \"CreatedAt\": ";
  str(out, first);
  out += ", \"UpdatedAt\": ";
  str(out, last);
  out += f.outcome == Outcome::Compliant ? parts.severity_compliant : parts.severity;
  out += ", \"Description\": ";
  limited(out, message_or_default(f), 1024, text_);
  out += parts.remediation;
  out += ", \"vigil/status\": ";
  str(out, f.outcome == Outcome::Violation   ? "violation"
           : f.outcome == Outcome::Compliant ? "compliant"
           : f.outcome == Outcome::Unknown   ? "unknown"
                                             : "closed");
  if (f.tracked_id != 0) {
    out += ", \"vigil/violation_id\": ";
    str(out, std::to_string(f.tracked_id));
  }
  if (!f.close_reason.empty()) {
    out += ", \"vigil/close_reason\": ";
    str(out, f.close_reason);
  }
  out += "}, \"Resources\": [{\"Type\": ";
  if (resource_type_.empty() || f.asset_type != type_of_) {  // assets come in runs of a type
    type_of_.assign(f.asset_type);
    resource_type_.clear();
    append_resource_type(resource_type_, f.asset_type, text_);
  }
  out += resource_type_;
  out += ", \"Id\": ";
  str(out, f.asset_id);
  out += ", \"Partition\": \"aws\"";
  if (!f.region.empty() && f.region != "global") {
    out += ", \"Region\": ";
    str(out, f.region);
  }
  if (!f.asset_name.empty()) {
    out += ", \"Details\": {\"Other\": {\"Name\": ";
    str(out, f.asset_name);
    out += "}}";
  }
  out += "}], \"Compliance\": {\"Status\": ";
  str(out, compliance_of(f.outcome));
  out += "}, \"Workflow\": {\"Status\": ";
  str(out, workflow_of(f));
  out += "}, \"RecordState\": ";
  str(out, f.outcome == Outcome::Gone ? "ARCHIVED" : "ACTIVE");
  out += "}";
}

void write_asff(std::ostream& stream, const FindingSource& source, const ReportMeta& meta) {
  BlockWriter writer(stream);
  std::string& out = writer.text();
  out += '[';
  AsffEncoder encoder(meta);
  for (size_t i = 0, n = source.size(); i < n; ++i) {
    out += i ? ",\n" : "\n";
    encoder.append(out, source.at(i));
    writer.maybe_flush();
  }
  out += source.size() ? "\n]\n" : "]\n";
  writer.finish();
}

}  // namespace vigil::formats
