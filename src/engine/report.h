// Rendering scan findings: table (grouped by policy, with counts), JSON and CSV.
#pragma once

#include <optional>
#include <ostream>

#include "engine/scan.h"

namespace vigil {

enum class ReportFormat : uint8_t { Table, Json, Csv };

void write_report(std::ostream& out, const ScanResult& result, ReportFormat format);

// True when some violation has severity at or above `threshold`
// (critical is the highest).
bool has_violation_at_or_above(const ScanResult& result, Severity threshold);

}  // namespace vigil
