// `vigil scan --aws`: collect live into a capture directory (a temporary
// one, removed afterwards, unless --aws-out keeps it), then the scan reads
// it exactly as `vigil scan --capture` does (docs/aws-collection.md).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
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
  // Collects; the Error says why nothing could be collected (every account
  // failed is an Error too: an empty capture is not "no resources").
  Status collect(const ScanAwsOptions& options);
  const std::string& dir() const { return dir_; }
  // Some accounts could not be collected at all (not visible in the capture).
  bool accounts_failed() const { return !run_.summary.account_failures.empty(); }
  // The scan's scope for --db (aws::scan_scope), given the scopes read back.
  nlohmann::json scope(const std::vector<aws::CollectedScope>& scopes) const {
    return aws::scan_scope(run_, scopes);
  }

 private:
  std::unique_ptr<aws::TemporaryCapture> temporary_;
  std::string dir_;
  aws::CollectionRun run_;
};

}  // namespace vigil::cli
