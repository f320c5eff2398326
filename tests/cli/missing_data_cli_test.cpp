// Data that was not collected is unknown, never a violation ([Trustworthy
// state]): a question about every asset of a type (assets(...)) has an
// answer only where the source listed that type.
#include <nlohmann/json.hpp>

#include <map>

#include "cli_fixture.h"

namespace vigil::cli_testing {
namespace {

using json = nlohmann::json;

std::map<std::pair<std::string, std::string>, json> findings_of(const std::string& report) {
  std::map<std::pair<std::string, std::string>, json> out;
  json parsed = json::parse(report);
  for (const json& f : parsed.at("findings"))
    out[{f["policy"]["id"].get<std::string>(), f["asset"]["id"].get<std::string>()}] = f;
  return out;
}

// Reproduced on main: removing cloudtrail/ and logs/ from a copy of the
// estate turned 22 compliant findings into violations ("no CloudTrail trail
// in the account", the CIS alarm checks).
TEST_F(Cli, AServiceFolderNotCollectedMakesItsQuestionsUnknown) {
  fs::path capture = dir_ / "estate";
  fs::copy(fs::path(VIGIL_SOURCE_DIR) / "examples" / "estate", capture,
           fs::copy_options::recursive);
  std::vector<fs::path> cut_folders;
  for (const auto& entry : fs::recursive_directory_iterator(capture))
    if (entry.is_directory() &&
        (entry.path().filename() == "cloudtrail" || entry.path().filename() == "logs"))
      cut_folders.push_back(entry.path());
  ASSERT_FALSE(cut_folders.empty());
  for (const fs::path& folder : cut_folders) fs::remove_all(folder);

  const std::string now = " --now 2026-12-01T00:00:00Z --format json";
  Outcome full = vigil("scan --capture examples/estate" + now);
  Outcome cut = vigil("scan --capture '" + capture.string() + "'" + now);
  ASSERT_EQ(full.code, 3) << full.err;  // the estate has one failed scope on purpose
  ASSERT_EQ(cut.code, 3) << cut.err;
  auto before = findings_of(full.out), after = findings_of(cut.out);
  ASSERT_GT(after.size(), 100u) << cut.out.substr(0, 500);
  size_t turned_unknown = 0;
  for (const auto& [key, f] : after) {
    auto it = before.find(key);
    if (it == before.end()) continue;
    EXPECT_FALSE(it->second["status"] != "violation" && f["status"] == "violation")
        << key.first << " on " << key.second << " became a violation: " << f["message"];
    if (it->second["status"] != "unknown" && f["status"] == "unknown") {
      ++turned_unknown;
      std::string message = f["message"];
      EXPECT_NE(message.find("was not collected"), std::string::npos) << message;
    }
  }
  EXPECT_GE(turned_unknown, 22u);
  const json& trail = after.at({"aws-cloudtrail-multi-region", "arn:aws:iam::111111111111:root"});
  EXPECT_EQ(trail["status"], "unknown");
  EXPECT_NE(trail["message"].get<std::string>().find("aws.cloudtrail.trail was not collected"),
            std::string::npos)
      << trail["message"];
}

// Reproduced on main: a capture of only ec2/ reported "none of its 0 roles
// has AWSSupportAccess" for every account.
TEST_F(Cli, ACaptureOfOneServiceSaysNothingAboutTheOthers) {
  fs::path capture = dir_ / "ec2-only";
  fs::path estate = fs::path(VIGIL_SOURCE_DIR) / "examples" / "estate";
  for (const auto& entry : fs::recursive_directory_iterator(estate)) {
    if (!entry.is_regular_file()) continue;
    fs::path rel = fs::relative(entry.path(), estate);
    auto part = rel.begin();
    if (std::distance(rel.begin(), rel.end()) < 4 || (++(++part))->string() != "ec2") continue;
    fs::create_directories((capture / rel).parent_path());
    fs::copy_file(entry.path(), capture / rel);
  }
  Outcome r =
      vigil("scan --capture '" + capture.string() + "' --now 2026-12-01T00:00:00Z --format json");
  ASSERT_TRUE(r.code == 0 || r.code == 2 || r.code == 3) << r.err;
  auto findings = findings_of(r.out);
  size_t role_questions = 0;
  for (const auto& [key, f] : findings) {
    if (key.first != "aws-iam-support-role-missing") continue;
    ++role_questions;
    EXPECT_EQ(f["status"], "unknown") << key.second << ": " << f["message"];
  }
  EXPECT_GT(role_questions, 0u);
}

}  // namespace
}  // namespace vigil::cli_testing
