// Scan reports: table (for people, engine/report_table.cpp), JSON and CSV
// (for machines).
#include "engine/report.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/block_writer.h"
#include "core/csv.h"
#include "core/json_text.h"
#include "engine/formats/standard.h"
#include "engine/report_table.h"
#include "engine/report_table_parts.h"

namespace vigil {
namespace {

table::Counts totals_of(const ScanResult& result) {
  table::Counts t;
  for (const auto& f : result.findings) t.add(f.status);
  return t;
}

// ---- JSON ----------------------------------------------------------------

nlohmann::ordered_json json_summary(const ScanResult& result, const ReportScan& scan) {
  using json = nlohmann::ordered_json;
  table::Counts all = totals_of(result);
  size_t violations[5] = {};
  for (const auto& f : result.findings)
    if (f.status == FindingStatus::Violation)
      ++violations[static_cast<size_t>(f.policy->policy.severity)];
  json by_severity = json::object();
  for (Severity s :
       {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info})
    by_severity[std::string(to_string(s))] = violations[static_cast<size_t>(s)];
  return {{"scanned_at",
           fmt::format("{:%FT%TZ}", std::chrono::floor<std::chrono::seconds>(scan.scanned_at))},
          {"partial", scan.partial},
          {"assets", result.assets},
          {"evaluations", result.evaluations},
          {"violation", all.violation},
          {"unknown", all.unknown},
          {"compliant", all.compliant},
          {"violations_by_severity", by_severity},
          {"seconds", result.seconds}};
}

// One finding as one line of JSON.
void append_finding(std::string& out, const Finding& f) {
  const Policy& p = f.policy->policy;
  auto member = [&](std::string_view key, std::string_view value, bool first = false) {
    if (!first) out += ", ";
    append_json_string(out, key);
    out += ": ";
    append_json_string(out, value);
  };
  out += "{\"policy\": {";
  member("id", p.id, true);
  member("title", p.title);
  member("severity", to_string(p.severity));
  member("category", to_string(p.category));
  member("remediation", p.remediation);
  out += "}, \"asset\": {";
  member("id", f.asset->id, true);
  member("type", f.asset->type);
  member("account", f.asset->account);
  member("region", f.asset->region);
  member("name", f.asset->name);
  out += "}";
  member("status", to_string(f.status));
  member("message", f.message);
  out += "}";
}

// Streamed: the summary, then one finding per line, written in blocks, so
// memory stays flat in the number of findings. Invalid UTF-8 in asset data
// is replaced (core/json_text.h), never thrown on.
void write_json(std::ostream& out, const ScanResult& result, const ReportScan& scan) {
  out << "{\n  \"summary\": "
      << json_summary(result, scan)
             .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
      << ",\n  \"findings\": [";
  BlockWriter writer(out);
  std::string& block = writer.text();
  bool first = true;
  for (const Finding& f : result.findings) {
    block += first ? "\n    " : ",\n    ";
    first = false;
    append_finding(block, f);
    writer.maybe_flush();
  }
  block += first ? "]\n}\n" : "\n  ]\n}\n";
  writer.finish();
}

// ---- CSV (core/csv.h: RFC 4180, formulas neutralised) -------------------

void write_csv(std::ostream& out, const ScanResult& result) {
  out << "policy_id,asset_id,type,account,region,severity,category,status,message\r\n";
  for (const auto& f : result.findings) {
    const Policy& p = f.policy->policy;
    std::string_view fields[] = {p.id,
                                 f.asset->id,
                                 f.asset->type,
                                 f.asset->account,
                                 f.asset->region,
                                 to_string(p.severity),
                                 to_string(p.category),
                                 to_string(f.status),
                                 f.message};
    write_csv_row(out, fields);
  }
}

// ---- SARIF, OCSF, ASFF, JUnit (engine/formats/) ---------------------------

void write_standard_format(std::ostream& out, const ScanResult& result, ReportFormat format,
                           const ReportScan& scan) {
  using formats::StandardFormat;
  StandardFormat standard = format == ReportFormat::Sarif  ? StandardFormat::Sarif
                            : format == ReportFormat::Ocsf ? StandardFormat::Ocsf
                            : format == ReportFormat::Asff ? StandardFormat::Asff
                                                           : StandardFormat::Junit;
  formats::ReportMeta meta;
  meta.generated_at = scan.scanned_at;
  meta.partial = scan.partial;
  formats::write_standard(out, standard, formats::ScanFindings(result), meta);
}

}  // namespace

void write_report(std::ostream& out, const ScanResult& result, ReportFormat format,
                  const ReportScan& scan) {
  switch (format) {
    case ReportFormat::Table:
      write_table(out, result, scan);
      break;
    case ReportFormat::Json:
      write_json(out, result, scan);
      break;
    case ReportFormat::Csv:
      write_csv(out, result);
      break;
    case ReportFormat::Sarif:
    case ReportFormat::Ocsf:
    case ReportFormat::Asff:
    case ReportFormat::Junit:
      write_standard_format(out, result, format, scan);
      break;
  }
}

bool has_violation_at_or_above(const ScanResult& result, Severity threshold) {
  // Severity is ordered from Critical (0) down to Info (4).
  return std::any_of(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
    return f.status == FindingStatus::Violation && f.policy->policy.severity <= threshold;
  });
}

}  // namespace vigil
