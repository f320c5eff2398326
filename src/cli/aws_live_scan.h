// `vigil scan --aws`: collect live into a capture directory (a temporary
// one, removed afterwards, unless --aws-out keeps it), then the scan reads
// it exactly as `vigil scan --capture` does (docs/aws-collection.md).
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

// Owns the capture directory of one scan: collect() fills it; the
// destructor removes it when it is temporary.
class AwsScanCapture {
 public:
  AwsScanCapture() = default;
  ~AwsScanCapture();
  AwsScanCapture(const AwsScanCapture&) = delete;
  AwsScanCapture& operator=(const AwsScanCapture&) = delete;

  // Collects; the Error says why nothing could be collected.
  Status collect(const ScanAwsOptions& options);
  const std::string& dir() const { return dir_; }
  // Some accounts could not be collected at all (not visible in the capture).
  bool accounts_failed() const { return accounts_failed_; }

 private:
  std::string dir_;
  bool temporary_ = false;
  bool accounts_failed_ = false;
};

}  // namespace vigil::cli
