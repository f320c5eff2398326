// vigil scan --aws (aws_live_scan.h).
#include "cli/aws_live_scan.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>

#include "cli/cli_util.h"

namespace vigil::cli {

void add_scan_aws_options(CLI::App& scan, ScanAwsOptions& o) {
  scan.add_flag("--aws", o.enabled,
                "Collect AWS live first (the options of 'vigil collect aws'), then scan what was collected");
  scan.add_option("--aws-out", o.out, "With --aws: keep the capture in this directory (default: a temporary one)");
  add_aws_live_options(scan, o.live);
}

AwsScanCapture::~AwsScanCapture() {
  if (!temporary_ || dir_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

Status AwsScanCapture::collect(const ScanAwsOptions& o) {
  if (o.out.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "vigil-aws-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return error_message(fmt::format("cannot create a temporary folder {}", pattern));
    dir_ = pattern;
    temporary_ = true;
  } else {
    dir_ = o.out;
  }
  Result<AwsLiveRun> run = run_aws_collection(o.live, dir_, false);
  if (!run.ok()) return run.error();
  if (run->nothing_collected) return error_message("no account could be collected (see above); nothing to scan");
  accounts_failed_ = !run->summary.account_failures.empty();
  return {};
}

}  // namespace vigil::cli
