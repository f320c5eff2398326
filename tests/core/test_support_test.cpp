// The test-support helpers every conformance suite relies on: finding
// ../shared at run time (tests/support/shared_dir.h) and comparing a run with
// its expected-failures list (tests/support/expected_failures.h). Real
// folders and files in a temporary directory.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include <fstream>

#include "../support/expected_failures.h"
#include "../support/shared_dir.h"

namespace vigil::test_support {
namespace {

namespace fs = std::filesystem;

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("vigil-test-support-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

using SharedDir = TempTree;

TEST_F(SharedDir, FoundBesideAMovedCheckoutWhenTheConfiguredPathIsGone) {
  fs::create_directories(root_ / "moved" / "shared" / "conformance");
  fs::create_directories(root_ / "moved" / "checkout" / "build" / "tests");
  const fs::path found = locate_shared_dir(nullptr, root_ / "old" / "shared",
                                           {root_ / "moved" / "checkout" / "build" / "tests"});
  EXPECT_EQ(found, root_ / "moved" / "shared");
}

TEST_F(SharedDir, OverridesComeFirstAndNothingFoundIsEmpty) {
  fs::create_directories(root_ / "a" / "shared" / "conformance");
  fs::create_directories(root_ / "configured" / "conformance");
  const std::string env = (root_ / "env").string();
  EXPECT_EQ(locate_shared_dir(env.c_str(), root_ / "configured", {root_ / "a"}), root_ / "env");
  EXPECT_EQ(locate_shared_dir(nullptr, root_ / "configured", {root_ / "a"}), root_ / "configured");
  EXPECT_EQ(locate_shared_dir("", root_ / "missing", {root_ / "a"}), root_ / "a" / "shared");
  fs::create_directories(root_ / "b");
  // Walking up from b reaches the temporary root and then /: no shared/conformance there
  // unless the machine has one at the file-system root.
  if (!fs::exists("/shared/conformance") && !fs::exists(fs::temp_directory_path() / "shared")) {
    EXPECT_TRUE(locate_shared_dir(nullptr, root_ / "missing", {root_ / "b"}).empty());
  }
}

using ExpectedFailureList = TempTree;

TEST_F(ExpectedFailureList, ExactMatchIsSilentAndEveryDifferenceIsNamed) {
  const fs::path list = root_ / "expected.txt";
  std::ofstream(list) << "# heading: grouped by cause\n"
                         "a/listed-fails  # known gap\n"
                         "\n"
                         "a/listed-passes  # was a gap\n"
                         "a/gone  # case removed from the suite\n";
  ExpectedFailures expected = read_expected_failures(list.string());
  ASSERT_TRUE(expected.problems.empty());
  EXPECT_EQ(expected.reasons.at("a/listed-fails"), "known gap");

  std::set<std::string> all = {"a/listed-fails", "a/listed-passes", "a/new-failure", "a/ok"};
  std::string report = check_expected_failures(
      "LIST", expected, all, {{"a/listed-fails", "x"}, {"a/new-failure", "broke"}});
  EXPECT_NE(report.find("newly failing: a/new-failure: broke"), std::string::npos) << report;
  EXPECT_NE(report.find("add `a/new-failure  # reason` to LIST"), std::string::npos) << report;
  EXPECT_NE(report.find("newly passing: a/listed-passes (listed: was a gap)"), std::string::npos)
      << report;
  EXPECT_NE(report.find("listed but no such case: a/gone"), std::string::npos) << report;
  EXPECT_EQ(report.find("a/listed-fails"), std::string::npos) << report;

  ExpectedFailures exact;
  exact.reasons = {{"a/listed-fails", "known gap"}};
  EXPECT_EQ(check_expected_failures("LIST", exact, all, {{"a/listed-fails", "x"}}), "");
}

TEST_F(ExpectedFailureList, AnEntryWithoutAReasonOrListedTwiceIsAProblem) {
  const fs::path list = root_ / "expected.txt";
  std::ofstream(list) << "a/no-reason\na/twice  # r\na/twice  # r\n";
  ExpectedFailures expected = read_expected_failures(list.string());
  ASSERT_EQ(expected.problems.size(), 2u);
  EXPECT_NE(expected.problems[0].find(":1: 'a/no-reason' has no reason"), std::string::npos);
  EXPECT_NE(expected.problems[1].find(":3: 'a/twice' is listed twice"), std::string::npos);
  EXPECT_NE(check_expected_failures("LIST", expected, {}, {}).find("no reason"), std::string::npos);
  EXPECT_FALSE(read_expected_failures((root_ / "absent.txt").string()).problems.empty());
}

}  // namespace
}  // namespace vigil::test_support
