// Runs the CEL conformance files (../shared/conformance/cel/*.json) through
// the same runner as build/bin/cel-conformance and requires >= 97% to pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

// The runner is a header/source pair without its own library: compile it in.
#include "../../tools/cel-conformance/runner.cpp"

namespace vigil::conformance {
namespace {

namespace fs = std::filesystem;

TEST(CelConformance, AtLeast97PercentPass) {
  const fs::path dir = fs::path(VIGIL_SHARED_DIR) / "conformance" / "cel";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "conformance data not found at " << dir << " (set VIGIL_SHARED_DIR)";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << "no *.json files in " << dir;

  Summary summary;
  for (const auto& f : files) {
    Status st = run_file(f.string(), summary);
    EXPECT_TRUE(st.ok()) << f << ": " << st.error().message;
  }
  for (const auto& line : summary.failures) std::printf("%s\n", line.c_str());
  const size_t total = summary.passed + summary.failed;
  ASSERT_GT(total, 0u);
  const double rate = static_cast<double>(summary.passed) / static_cast<double>(total);
  std::printf("%zu passed, %zu failed (%.1f%%)\n", summary.passed, summary.failed, rate * 100);
  EXPECT_GE(rate, 0.97) << summary.failed << " of " << total << " conformance cases failed";
}

TEST(CelConformance, ExactTypeMatching) {
  using cel::Value;
  EXPECT_FALSE(same_value(Value::integer(1), Value::uinteger(1)));
  EXPECT_FALSE(same_value(Value::integer(1), Value::dbl(1)));
  EXPECT_TRUE(same_value(Value::dbl(std::nan("")), Value::dbl(std::nan(""))));
  EXPECT_FALSE(same_value(Value::list({Value::integer(1)}), Value::list({Value::uinteger(1)})));
  EXPECT_TRUE(same_value(
      Value::map({{Value::string("a"), Value::integer(1)}, {Value::integer(2), Value::boolean(true)}}),
      Value::map({{Value::integer(2), Value::boolean(true)}, {Value::string("a"), Value::integer(1)}})));
}

}  // namespace
}  // namespace vigil::conformance
