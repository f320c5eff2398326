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

}  // namespace vigil::cli
