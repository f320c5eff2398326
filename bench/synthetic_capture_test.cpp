// vigil-bench-generate --capture: the synthetic capture must be read by the
// capture reader without problems, into the resources the generator reports,
// and be the same bytes for the same (resources, seed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "connectors/aws/capture_reader.h"
#include "synthetic_capture.h"

namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  explicit TempDir(const std::string& tag)
      : path_(fs::temp_directory_path() / ("vigil-synthetic-" + tag + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

// Relative path -> content of every file under `root`.
std::map<std::string, std::string> snapshot(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    out[fs::relative(e.path(), root).string()] = s.str();
  }
  return out;
}

TEST(SyntheticCapture, ReadsBackCompletely) {
  TempDir dir("read");
  vigil::bench::CaptureStats stats;
  std::optional<std::string> error = vigil::bench::write_capture(dir.str(), 5100, 3, stats);
  ASSERT_FALSE(error) << *error;
  EXPECT_EQ(stats.accounts, 2u);
  EXPECT_GE(stats.resources, 4900u);
  EXPECT_LE(stats.resources, 5100u);

  vigil::aws::CaptureOptions options;
  options.threads = 2;
  vigil::Result<vigil::aws::CaptureResult> r = vigil::aws::read_capture(dir.str(), options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const vigil::aws::CaptureSummary& s = r->summary;
  for (const std::string& p : s.problems) ADD_FAILURE() << p;
  EXPECT_FALSE(s.partial());
  EXPECT_EQ(s.accounts, stats.accounts);
  EXPECT_EQ(s.assets, stats.resources + stats.accounts);  // + one aws.account per account
  EXPECT_GE(s.files, stats.files);  // the credential report is read twice: user rows and the root row
  for (const char* type : {"aws.account", "aws.cloudtrail.trail", "aws.ec2.instance", "aws.ec2.network-acl",
                           "aws.ec2.network-interface", "aws.ec2.security-group", "aws.ec2.subnet", "aws.ec2.volume",
                           "aws.ec2.vpc", "aws.iam.user", "aws.s3.bucket"})
    EXPECT_GT(s.assets_by_type.count(type), 0u) << type;
  // The only collection errors are the generator's deliberate failed calls.
  for (const auto& [code, n] : s.errors_by_code)
    EXPECT_TRUE(code == "AccessDenied" || code == "Throttling") << code << " x" << n;
}

TEST(SyntheticCapture, SameSeedSameBytes) {
  TempDir a("a"), b("b"), c("c");
  vigil::bench::CaptureStats sa, sb, sc;
  ASSERT_FALSE(vigil::bench::write_capture(a.str(), 800, 11, sa));
  ASSERT_FALSE(vigil::bench::write_capture(b.str(), 800, 11, sb));
  ASSERT_FALSE(vigil::bench::write_capture(c.str(), 800, 12, sc));
  EXPECT_EQ(sa.files, sb.files);
  EXPECT_EQ(sa.bytes, sb.bytes);
  auto first = snapshot(a.str());
  EXPECT_EQ(first.size(), sa.files);
  EXPECT_TRUE(first == snapshot(b.str()));
  EXPECT_FALSE(first == snapshot(c.str()));
}

}  // namespace
