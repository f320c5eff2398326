// The scan report for people (engine/report.h's ReportFormat::Table).
//
// Contract
// - What failed comes first, the summary last, where the eye lands: the
//   policies (or, by asset, the assets) with violations or unknown
//   findings, worst first, each with its counts and one line per violation
//   and unknown (its message below it); compliant policies/assets are
//   counted in the summary and listed only with `all`.
// - The summary: assets, evaluations, counts by status and severity, the
//   time the data was judged at, and a warning when the data was partial.
// - Colour (ANSI SGR) only when `color`: severities and statuses, nothing
//   that changes the text. `columns` > 0: ids lose their middle and titles
//   their end ("…", core/text_fit.h) so header and finding lines fit;
//   messages are never cut. The output is deterministic: ties break by id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>

#include "engine/report.h"
#include "engine/scan.h"

namespace vigil {

enum class TableView : uint8_t { ByPolicy, ByAsset };

struct TableLayout {
  TableView view = TableView::ByPolicy;
  bool all = false;    // list the compliant policies (assets) too
  bool color = false;  // ANSI colours by severity and status
  size_t columns = 0;  // fit lines into this width; 0: no limit
};

void write_table(std::ostream& out, const ScanResult& result, const ReportScan& scan,
                 const TableLayout& layout = {});

}  // namespace vigil
