// CIS AWS Foundations 3.0, control by control, as its audit procedure reads:
// every tests/engine/cis_controls/<control>.json holds a resource set that
// passes the control and one that fails it, judged by the bundled policies
// through framework_results (engine/framework_results.h). "fail_alone" lists
// sibling controls the failing set must still pass: a control's result means
// what its text says, no more (e.g. a short password fails 1.8, not 1.9).
// A pass must rest on at least one compliant finding, never on no data.
// Every set is judged at one fixed time, kNow (2026-01-01T00:00:00Z, the
// policy tests' default), so dates in the cases (last use, key age,
// expiry) are read against a known "now".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/framework_results.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
const fs::path kCases = fs::path(VIGIL_SOURCE_DIR) / "tests/engine/cis_controls";
constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

struct Bundled {
  PolicySet policies;
  FrameworkCatalog catalog;
};

const Bundled& bundled() {
  static const Bundled* b = [] {
    auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
    EXPECT_TRUE(loaded.ok());
    auto catalog =
        load_framework_catalog(std::string(VIGIL_SOURCE_DIR) + "/frameworks/cis-aws-3.0.yaml");
    EXPECT_TRUE(catalog.ok());
    return new Bundled{std::move(loaded.set),
                       catalog.ok() ? std::move(catalog.value()) : FrameworkCatalog{}};
  }();
  return *b;
}

Inventory inventory_of(const nlohmann::json& assets) {
  Inventory inventory;
  for (const auto& a : assets) {
    auto asset = Asset::parse(a.dump());
    EXPECT_TRUE(asset.ok()) << a.dump();
    if (asset.ok()) EXPECT_TRUE(inventory.add(std::move(asset.value())).ok());
  }
  inventory.finalize();
  return inventory;
}

// The status of `control` in the set's account, and its compliant count.
std::pair<ControlStatus, size_t> judge(const nlohmann::json& assets, const std::string& control) {
  Inventory inventory = inventory_of(assets);
  ScanOptions options;
  options.now = cel::Value::timestamp(kNow, 0);
  ScanResult scan = vigil::scan(inventory, bundled().policies, options);
  std::string account = assets.at(0).at("account");
  FrameworkResults r =
      framework_results(bundled().catalog, bundled().policies, inventory, scan, account);
  for (const ControlResult& c : r.results)
    if (c.control->id == control) {
      for (const ControlEvidence& e : c.evidence)
        if (e.status == EvidenceStatus::Unknown)
          ADD_FAILURE() << control << ": unknown: " << e.message;
      return {c.status, c.compliant};
    }
  ADD_FAILURE() << "no control " << control << " in the catalogue";
  return {ControlStatus::NoPolicy, 0};
}

std::vector<fs::path> case_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kCases))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

class CisControl : public ::testing::TestWithParam<fs::path> {};

TEST_P(CisControl, PassesAndFailsAsItsAuditReads) {
  std::ifstream in(GetParam());
  nlohmann::json c = nlohmann::json::parse(in);
  std::string control = c.at("control");
  SCOPED_TRACE(control + ": " + c.value("audit", ""));
  auto [pass, compliant] = judge(c.at("pass"), control);
  EXPECT_EQ(to_string(pass), "pass");
  EXPECT_GT(compliant, 0u) << "a pass must rest on a compliant finding";
  EXPECT_EQ(to_string(judge(c.at("fail"), control).first), "fail");
  for (const std::string& sibling : c.value("fail_alone", std::vector<std::string>{}))
    EXPECT_EQ(to_string(judge(c.at("fail"), sibling).first), "pass")
        << "the set failing " << control << " must not fail " << sibling;
}

// A manual control is audited by a person: the report prints how.
TEST(CisCatalogue, EveryManualControlSaysHowToAuditIt) {
  for (const FrameworkControl& c : bundled().catalog.controls)
    if (c.assessment == "manual") EXPECT_FALSE(c.audit.empty()) << c.id;
}

INSTANTIATE_TEST_SUITE_P(Cis, CisControl, ::testing::ValuesIn(case_files()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           return "control_" + info.param.stem().string();
                         });

}  // namespace
}  // namespace vigil
