// ASFF writer (asff.h).
#include "engine/formats/asff.h"

#include <cctype>

#include "core/json_text.h"
#include "engine/formats/block_writer.h"
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

void AsffEncoder::append(std::string& out, const ReportFinding& f) {
  const Policy& p = *f.policy;
  std::string_view region = asff_region(f, meta_);
  text_.clear();
  append_finding_uid(text_, f);
  out += "{\"SchemaVersion\": ";
  str(out, kAsffSchemaVersion);
  out += ", \"Id\": ";
  str(out, text_);
  out += ", \"ProductArn\": ";
  product_arn(out, region, meta_.import_account.empty() ? f.account : meta_.import_account, text_);
  out += ", \"ProductName\": ";
  str(out, kToolName);
  out += ", \"CompanyName\": ";
  str(out, kToolName);
  out += ", \"Region\": ";
  str(out, region);
  out += ", \"GeneratorId\": ";
  text_ = "vigil-";
  text_ += p.id;
  str(out, text_);
  out += ", \"AwsAccountId\": ";
  str(out, f.account);
  out += ", \"Types\": [";
  text_ = "Software and Configuration Checks/Vigil/";
  text_ += to_string(p.category);
  str(out, text_);
  out += "], \"FirstObservedAt\": ";
  std::string_view first = first_.of(first_seen(f, meta_));
  std::string_view last = last_.of(last_change(f, meta_));
  str(out, first);
  out += ", \"LastObservedAt\": ";
  str(out, last);
  out += ", \"CreatedAt\": ";
  str(out, first);
  out += ", \"UpdatedAt\": ";
  str(out, last);
  out += ", \"Severity\": {\"Label\": ";
  str(out, f.outcome == Outcome::Compliant ? "INFORMATIONAL" : label_of(p.severity));
  out += ", \"Original\": ";
  str(out, to_string(p.severity));
  out += "}, \"Title\": ";
  limited(out, p.title, 256, text_);
  out += ", \"Description\": ";
  limited(out, message_or_default(f), 1024, text_);
  if (!p.remediation.empty()) {
    out += ", \"Remediation\": {\"Recommendation\": {\"Text\": ";
    limited(out, p.remediation, 512, text_);
    if (std::string_view url = first_url(p); !url.empty()) {
      out += ", \"Url\": ";
      str(out, url);
    }
    out += "}}";
  }
  out += ", \"ProductFields\": {\"vigil/policy_id\": ";
  str(out, p.id);
  out += ", \"vigil/status\": ";
  str(out, f.outcome == Outcome::Violation   ? "violation"
           : f.outcome == Outcome::Compliant ? "compliant"
           : f.outcome == Outcome::Unknown   ? "unknown"
                                             : "closed");
  out += ", \"vigil/category\": ";
  str(out, to_string(p.category));
  if (f.tracked_id != 0) {
    out += ", \"vigil/violation_id\": ";
    str(out, std::to_string(f.tracked_id));
  }
  if (!f.close_reason.empty()) {
    out += ", \"vigil/close_reason\": ";
    str(out, f.close_reason);
  }
  out += "}, \"Resources\": [{\"Type\": ";
  append_resource_type(out, f.asset_type, text_);
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
