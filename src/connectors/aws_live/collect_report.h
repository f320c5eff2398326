// Human-readable reports of a live collection (collector.h): the progress
// line shown on a terminal and the final summary of failures, grouped by
// account, region, service/operation and AWS error code.
#pragma once

#include <string>

#include "connectors/aws_live/collector.h"

namespace vigil::aws {

// "accounts 3/10  regions 12/40  calls 1234  throttles 5  errors 2"
std::string progress_line(const CollectProgress& progress);

// Always ends with a newline. Starts with one line of totals, e.g.
//   collected 2 accounts, 6 account x region folders: 412 files, 1,234 calls (31 retries, 5 throttled) in 3.2 s
// then, when there are any, "accounts not collected:" (one line each, naming
// the credentials) and "failed calls (written as error files; their scopes are unknown):"
// with one line per (account, region, service, operation, code): count,
// an example key and the AWS message.
std::string summary_text(const CollectSummary& summary, const std::string& out_dir);

}  // namespace vigil::aws
