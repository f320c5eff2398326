// vigil scan --aws (aws_live_scan.h).
#include "cli/aws_live_scan.h"

namespace vigil::cli {

void add_scan_aws_options(CLI::App& scan, ScanAwsOptions& o) {
  scan.add_flag(
      "--aws", o.enabled,
      "Collect AWS live first (the options of 'vigil collect aws'), then scan what was collected");
  scan.add_option("--aws-out", o.out,
                  "With --aws: keep the capture in this directory (default: a temporary one)");
  add_aws_live_options(scan, o.live);
}

Status AwsScanCapture::collect(const ScanAwsOptions& o) {
  if (o.out.empty()) {
    Result<std::unique_ptr<aws::TemporaryCapture>> made = aws::TemporaryCapture::create();
    if (!made.ok()) return made.error();
    temporary_ = std::move(made).value();
    dir_ = temporary_->path().string();
  } else {
    dir_ = o.out;
  }
  Result<aws::CollectionRun> run = run_aws_collection(o.live, dir_, false);
  if (!run.ok()) return run.error();
  run_ = std::move(run).value();
  if (run_.nothing_collected())
    return Error("no account could be collected (see above); nothing to scan");
  return {};
}

}  // namespace vigil::cli
