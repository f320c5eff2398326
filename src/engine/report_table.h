// The scan report for people: findings grouped by policy, most severe
// first, with counts (engine/report.h's ReportFormat::Table).
#pragma once

#include <ostream>

#include "engine/scan.h"

namespace vigil {

void write_table(std::ostream& out, const ScanResult& result);

}  // namespace vigil
