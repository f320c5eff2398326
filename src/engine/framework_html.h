// A framework report as one self-contained HTML page an auditor can open,
// print and archive: no script, no external asset (styles inline, charts as
// inline SVG), readable in colour and in black and white (every status is
// written as a word, not only a colour).
//
// Contents: the framework and the time of the data; the pass rate and a
// chart of control results by status (with legend and counts); a bar per
// account (passing, failing and unknown controls); the control matrix
// (controls × accounts); then, per control that is not a plain pass, its
// policies, the reason it is unknown, the audit steps of a manual control,
// and the evidence (at most `max_evidence` rows per control and account,
// the rest counted and left to the JSON/CSV reports).
// Every text from the data is escaped (core/xml_text.h).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "engine/framework_results.h"

namespace vigil {

struct FrameworkHtmlOptions {
  std::string data_time;  // RFC 3339
  size_t max_evidence = 200;
};

void write_framework_html(std::ostream& out, const FrameworkResults& results,
                          const FrameworkHtmlOptions& options);

}  // namespace vigil
