// Private to src/engine: the pieces the two views of the scan table
// (report_table.cpp by policy, report_table_assets.cpp by asset) share:
// counts, colours, fitted lines and the closing summary.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "engine/report_table.h"

namespace vigil::table {

struct Counts {
  size_t violation = 0, unknown = 0, compliant = 0;
  void add(FindingStatus status);
  bool failing() const { return violation + unknown > 0; }
};

// ANSI SGR colour around text when on; the text alone when off.
class Paint {
 public:
  explicit Paint(bool on) : on_(on) {}
  std::string operator()(std::string_view text, std::string_view sgr) const;
  std::string severity(Severity s, std::string_view text) const;
  std::string status(FindingStatus s, std::string_view text) const;
  // "violations: 1, unknown: 0, compliant: 2", non-zero counts coloured.
  std::string counts(const Counts& c) const;

 private:
  bool on_;
};

// The smallest width lines are fitted into, so an id keeps a readable part.
inline constexpr size_t kMinColumns = 30;
// `layout.columns` raised to kMinColumns; 0 stays 0 (no limit).
size_t usable_columns(const TableLayout& layout);

// "  VIOLATION " + `subject` (elided in the middle) + `suffix` (text maybe
// coloured, `suffix_width` columns wide; dropped when the subject would keep
// fewer than 16 columns) in `columns` (0: no limit), then the message on its
// own indented line when there is one.
void write_finding(std::ostream& out, const Finding& f, std::string_view subject,
                   std::string_view suffix, size_t suffix_width, size_t columns,
                   const Paint& paint);

// " (111111111111 us-east-1)", or "" for an asset without an account.
std::string where(const Asset& asset);

// What the summary says about the listed groups ("policies" or "assets").
struct Listed {
  std::string_view noun;
  size_t failing = 0, compliant = 0;
  bool all = false;
};
void write_summary(std::ostream& out, const ScanResult& result, const ReportScan& scan,
                   const Listed& listed, const Paint& paint);

// The view by asset (report_table_assets.cpp).
void write_by_asset(std::ostream& out, const ScanResult& result, const ReportScan& scan,
                    const TableLayout& layout);

}  // namespace vigil::table
