// Runs the CEL conformance files (../shared/conformance/cel/*.json) through
// the same runner as build/bin/cel-conformance and requires exactly the cases
// listed in tests/cel/expected_failures.txt (each with its reason) to fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "../support/expected_failures.h"
#include "../support/shared_dir.h"
// The runner is a header/source pair without its own library: compile it in.
#include "../../tools/cel-conformance/runner.cpp"

namespace vigil::conformance {
namespace {

namespace fs = std::filesystem;

TEST(CelConformance, ExactlyTheListedCasesFail) {
  const fs::path dir = test_support::conformance_path("cel");
  if (dir.empty() || !fs::is_directory(dir))
    GTEST_SKIP() << "CEL conformance data not found (" << test_support::looked_for_shared_dir()
                 << ")";
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
  ASSERT_GT(summary.passed + summary.failed, 0u);
  std::printf("%zu passed, %zu failed (all listed as expected failures)\n", summary.passed,
              summary.failed);
  const std::string list = std::string(VIGIL_SOURCE_DIR) + "/tests/cel/expected_failures.txt";
  const std::set<std::string> ids(summary.case_ids.begin(), summary.case_ids.end());
  EXPECT_EQ(ids.size(), summary.case_ids.size()) << "case ids are not unique";
  const std::string differences = test_support::check_expected_failures(
      list, test_support::read_expected_failures(list), ids, summary.failed_cases);
  EXPECT_EQ(differences, "") << differences;
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
