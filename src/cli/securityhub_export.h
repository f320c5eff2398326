// Sending findings to AWS Security Hub: BatchImportFindings through Vigil's
// AWS client (aws_client/client.h), the findings as ASFF
// (engine/formats/asff.h). `vigil export securityhub` (cmd_export.cpp).
//
// Contract
// - At most 100 findings per call (the API's limit), in source order; one
//   batch of ASFF is held at a time, so memory is flat in the findings.
// - Throttling and 5xx answers are retried by the client's retry policy
//   (standard mode, adaptive rate limiting); a call that still fails marks
//   every finding of its batch failed with the call's error code.
// - Findings the service refuses (FailedFindings) are reported one by one,
//   with their Id, ErrorCode and ErrorMessage. Nothing is dropped silently:
//   every finding sent is imported or failed; an answer that accounts for
//   fewer findings than its batch adds one "Unaccounted" entry saying how
//   many.
// - `meta.import_account` and `meta.home_region` must be the importing
//   account and the scope's region: Security Hub takes only findings filed
//   under its own product ARN.
#pragma once

#include <string>
#include <vector>

#include "aws_client/client.h"
#include "engine/formats/report_finding.h"

namespace vigil::cli {

inline constexpr size_t kSecurityHubBatch = 100;

struct FailedImport {
  std::string id;  // the finding's ASFF Id
  std::string code, message;
};

struct SecurityHubImport {
  size_t sent = 0, imported = 0, calls = 0;
  std::vector<FailedImport> failed;
};

SecurityHubImport import_to_securityhub(aws::AwsClient& client, const aws::CallScope& scope,
                                        const formats::FindingSource& source,
                                        const formats::ReportMeta& meta);

}  // namespace vigil::cli
