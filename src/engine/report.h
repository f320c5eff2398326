// Rendering scan findings: table (grouped by policy, with counts), JSON and CSV,
// and the standard formats SARIF, OCSF, ASFF and JUnit (engine/formats/).
#pragma once

#include <chrono>
#include <optional>
#include <ostream>

#include "engine/scan.h"

namespace vigil {

enum class ReportFormat : uint8_t { Table, Json, Csv, Sarif, Ocsf, Asff, Junit };

// What the report says about the scan besides its findings.
struct ReportScan {
  std::chrono::system_clock::time_point scanned_at{};  // the time the policies saw as `now`
  bool partial = false;  // failed scopes or malformed files: their findings are unknown
};

// JSON follows docs/finding.schema.json (scan_report): every finding names
// its policy {id, title, severity, category, remediation} and asset
// {id, type, account, region, name}, as `vigil violations` does. The
// standard formats are described in docs/formats.md. All but the table are
// streamed: memory stays flat in the number of findings.
void write_report(std::ostream& out, const ScanResult& result, ReportFormat format,
                  const ReportScan& scan);

// True when some violation has severity at or above `threshold`
// (critical is the highest).
bool has_violation_at_or_above(const ScanResult& result, Severity threshold);

}  // namespace vigil
