// The IAM credential report: `aws iam get-credential-report` prints
// {"Content": "<base64 of a CSV>", "ReportFormat": "text/csv", "GeneratedTime": ...}.
// Each CSV row becomes an object keyed by the report's own snake_case
// column names (user, arn, password_enabled, mfa_active, access_key_1_active,
// ...), every value a string exactly as in the report ("true", "N/A",
// "no_information", ISO 8601 times). The root row's user is "<root_account>".
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_builder.h"
#include "core/result.h"

namespace vigil::aws {

struct CredentialReportRow {
  std::string user;
  JsonTree row;  // object of strings
};

// Decodes base64 and parses the CSV (RFC 4180 quoting). Errors name the
// CSV line.
Result<std::vector<CredentialReportRow>> parse_credential_report(std::string_view content_base64);

// The row of `user` from a GetCredentialReport output; an error when the
// output has no Content or the row is missing.
Result<JsonTree> credential_report_row(simdjson::dom::element output, std::string_view user);

}  // namespace vigil::aws
