// Runs tests/cli/validate_format.py (the published schemas of SARIF, OCSF,
// ASFF and JUnit, tests/data/schemas) on a text: empty when valid, else the
// validator's errors. Shared by tests/engine/formats_test.cpp and
// tests/cli/formats_cli_test.cpp.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "../connectors/run_command.h"

namespace vigil::format_testing {

inline std::string format_errors(const std::filesystem::path& dir, const std::string& format,
                                 const std::string& text) {
  std::filesystem::path instance = dir / ("instance." + format);
  std::ofstream(instance, std::ios::binary) << text;
  std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string cmd = python + " '" + std::string(VIGIL_SOURCE_DIR) +
                    "/tests/cli/validate_format.py' " + format + " '" + instance.string() + "'";
  aws::testing::CommandOutcome r = aws::testing::run_command(cmd, aws::testing::Stderr::Merge);
  return r.status == 0 ? std::string() : (r.out.empty() ? "validator failed: " + cmd : r.out);
}

}  // namespace vigil::format_testing
