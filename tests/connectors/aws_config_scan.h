// Test helper: `vigil scan --format json` over a capture or AWS Config data
// with the bundled AWS policies, as (policy id, asset id) -> status. Needs the
// `vigil` binary of the build (tests skip when it is not built).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace vigil::aws_config::testing {

inline const std::string kVigil = std::string(VIGIL_BINARY_DIR) + "/bin/vigil";

struct Scan {
  int exit_code = -1;
  std::map<std::pair<std::string, std::string>, std::string> status;  // (policy, asset) -> status
};

inline Scan run_scan(const std::string& source_option, const std::string& path) {
  std::string cmd = kVigil + " scan " + source_option + " '" + path + "' --policies '" +
                    VIGIL_SOURCE_DIR +
                    "/policies/aws' --format json --now 2026-11-26T00:00:00Z 2>/dev/null";
  Scan s;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return s;
  std::string out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  int status = ::pclose(pipe);
  s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  nlohmann::json report = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << cmd << "\n" << out;
  if (report.is_discarded()) return s;
  for (const auto& f : report["findings"])
    s.status[{f["policy"]["id"].get<std::string>(), f["asset"]["id"].get<std::string>()}] =
        f["status"].get<std::string>();
  return s;
}

}  // namespace vigil::aws_config::testing
