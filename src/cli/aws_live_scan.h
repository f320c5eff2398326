// `vigil scan --aws`: the options of a live collection on the scan command.
// The scan then loads a pipeline::Source of kind aws (pipeline/load.h):
// collected into a temporary capture folder (removed afterwards) unless
// --aws-out keeps it, and read exactly as `vigil scan --capture` reads one.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/aws_live_options.h"

namespace vigil::cli {

struct ScanAwsOptions {
  bool enabled = false;  // --aws
  AwsLiveOptions live;   // --profile, --accounts, --regions, ...
  std::string out;       // --aws-out DIR: keep the capture there
};

// Registers --aws, --aws-out and the collection options on the scan command.
void add_scan_aws_options(CLI::App& scan, ScanAwsOptions& options);

}  // namespace vigil::cli
