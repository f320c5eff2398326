// The command-line face of a live AWS collection, shared by `vigil collect
// aws` and `vigil scan --aws`: the options (registered straight into an
// aws::CollectionRequest, connectors/aws_live/collection.h), the progress
// line on a terminal and the printed summary of failures
// (docs/aws-collection.md). The collection itself is the connector's.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "connectors/aws_live/collection.h"
#include "core/result.h"

namespace vigil::cli {

// --profile, --accounts, --accounts-file, --org, --role, --external-id,
// --regions, --types, --endpoint-url, --botocore-data, --concurrency.
using AwsLiveOptions = aws::CollectionRequest;

// Registers the options above on `cmd` (collect aws, scan).
void add_aws_live_options(CLI::App& cmd, AwsLiveOptions& options);

// Collects into `out` (created); progress on stderr when it is a terminal,
// the summary of failures on stderr unless quiet. An Error for unusable
// options (accounts file, no credentials, bad endpoint) before anything is sent.
Result<aws::CollectionRun> run_aws_collection(const AwsLiveOptions& options, const std::string& out,
                                              bool quiet);

}  // namespace vigil::cli
