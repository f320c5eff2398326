// AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08): what AWS
// Security Hub's BatchImportFindings takes, for a custom integration
// (ProductArn arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default).
//
// Contract (docs/formats.md has the field map)
// - A JSON array of AwsSecurityFinding objects, streamed as read;
//   AsffEncoder writes one at a time (the securityhub export sends them in
//   batches).
// - Compliance.Status is FAILED for a violation, PASSED for a compliant
//   finding, NOT_AVAILABLE for an unknown one (never PASSED) and for a closed
//   violation whose asset or policy went away (RecordState ARCHIVED).
//   Workflow.Status: NEW, SUPPRESSED (exempted), RESOLVED (compliant).
// - Id is stable per (policy, asset), so a re-import updates the finding.
// - REGION is the asset's region, or ReportMeta::home_region for global
//   assets ("global", empty): Security Hub needs a real region per finding.
//   ACCOUNT is the asset's. With ReportMeta::import_account, REGION is
//   home_region and ACCOUNT the importing account for every finding.
// - Title, Description and Remediation text are cut (with "...") to
//   Security Hub's limits: 256, 1024 and 512 characters.
#pragma once

#include <ostream>
#include <string>

#include "engine/formats/common.h"
#include "engine/formats/report_finding.h"

namespace vigil::formats {

inline constexpr std::string_view kAsffSchemaVersion = "2018-10-08";

void write_asff(std::ostream& out, const FindingSource& source, const ReportMeta& meta);

// One AwsSecurityFinding object at a time (keeps its scratch text between calls).
class AsffEncoder {
 public:
  explicit AsffEncoder(const ReportMeta& meta) : meta_(meta) {}
  void append(std::string& out, const ReportFinding& f);

  struct Parts {  // a policy's escaped JSON, made once (asff.cpp)
    std::string generator, severity, severity_compliant, remediation;
  };

 private:
  const ReportMeta& meta_;
  PerPolicy<Parts> parts_;
  // The last asset type's and (region, account)'s JSON, reused while they repeat.
  std::string type_of_, resource_type_, arn_region_, arn_account_, product_arn_;
  TimeText first_, last_;
  std::string text_;
};

// The region the finding is filed under (see above).
std::string_view asff_region(const ReportFinding& f, const ReportMeta& meta);

}  // namespace vigil::formats
