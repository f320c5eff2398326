// The summaries of a load for people (Observer::finished of Stage::Read):
// what a capture or AWS Config read held, its collection errors by code,
// its problems, and whether it was partial.
#pragma once

#include <string>

#include "connectors/aws/capture_reader.h"
#include "connectors/aws_config/config_reader.h"

namespace vigil::pipeline {

// "read DIR: 2 accounts, 3 regions, 30 types, 479 assets (812 files, 3.1 MB, 0.21 s)\n"
// then "collection errors (parts unknown to policies): AccessDenied 3\n",
// "warning: ...\n" per problem, and the partial-capture line.
std::string capture_summary_text(const std::string& where, const aws::CaptureSummary& summary,
                                 double seconds);

// The capture summary, then "AWS Config: N configuration items, ...".
std::string aws_config_summary_text(const std::string& where,
                                    const aws_config::AwsConfigSummary& summary, double seconds);

}  // namespace vigil::pipeline
