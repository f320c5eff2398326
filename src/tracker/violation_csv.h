// A tracked violation as one CSV row, and the header naming its columns:
// `vigil violations list --format csv` and GET /api/v1/violations/export
// write the same columns. Write them with core/csv.h (formulas neutralised).
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace vigil::tracker {

std::vector<std::string> violation_csv_header();
std::vector<std::string> violation_csv_row(const store::Violation& v);

}  // namespace vigil::tracker
