// See aws_config_input.h.
#include "cli/aws_config_input.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "cli/capture_input.h"

namespace vigil::cli {

Result<aws_config::AwsConfigResult> load_aws_config(const std::string& path, const Limits& limits,
                                                    bool quiet) {
  auto start = std::chrono::steady_clock::now();
  aws_config::AwsConfigOptions options;
  options.limits = limits;
  Result<aws_config::AwsConfigResult> result = aws_config::read_aws_config(path, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok() || quiet) return result;
  const aws_config::AwsConfigSummary& s = result->summary;
  print_capture_summary(std::cerr, path, s.read, seconds);
  std::string unsupported;
  for (const auto& [type, count] : s.unsupported_types)
    unsupported +=
        fmt::format("{}{} {}", unsupported.empty() ? "; types without a Vigil asset type: " : ", ",
                    type, count);
  std::cerr << fmt::format(
      "AWS Config: {} configuration item{}, {} deleted or not recorded (skipped), {} superseded by "
      "a "
      "later snapshot{}\n",
      s.items, s.items == 1 ? "" : "s", s.deleted, s.superseded, unsupported);
  return result;
}

}  // namespace vigil::cli
