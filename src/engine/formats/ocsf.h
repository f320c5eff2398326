// OCSF Detection Finding (class_uid 2004), schema version 1.1.0 with the
// cloud and datetime profiles: the version and the mapping Prowler emits
// (py-ocsf-models), so tools that read Prowler's OCSF read Vigil's.
//
// Contract (docs/formats.md has the field map)
// - A JSON array, one event per finding, streamed as read.
// - status_code is the outcome: FAIL (violation), PASS (compliant), UNKNOWN
//   (could not be evaluated; status_detail says why), never PASS for an
//   unknown; NOT_APPLICABLE for a closed violation whose asset or policy
//   went away. status_id is the finding's workflow state: New, Suppressed
//   (an exception covers it), Resolved (closed in the store because it was
//   fixed or reassessed), Other ("Closed") for the not applicable ones.
// - Times are OCSF timestamps (milliseconds since the epoch) with their
//   RFC 3339 *_dt twins. (Prowler writes seconds; OCSF says milliseconds.)
#pragma once

#include <ostream>

#include "engine/formats/report_finding.h"

namespace vigil::formats {

inline constexpr std::string_view kOcsfVersion = "1.1.0";

void write_ocsf(std::ostream& out, const FindingSource& source, const ReportMeta& meta);

}  // namespace vigil::formats
