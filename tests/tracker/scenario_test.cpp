// Every scenario of tests/tracker/scenarios/*.yaml (format: the README
// there) as its own test case, Scenarios/Tracker.Run/<file>__<scenario>,
// each against a real SQLite store in a fresh temporary directory. A
// failure names the scenario file and the line of the expectation. A file
// that cannot be read is one failing case, <file>__unreadable, naming the
// line at fault.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "scenario_reader.h"
#include "scenario_runner.h"
#include "store/store.h"
#include "tracker_fixture.h"

namespace vigil::tracker::scenario {
namespace {

struct ScenarioCase {
  std::string name;  // the test's name
  std::string file;
  std::shared_ptr<const Scenario> scenario;  // null when the file could not be read
  std::optional<Error> error;
};

void PrintTo(const ScenarioCase& c, std::ostream* out) { *out << c.file << ": " << c.name; }

// Letters and digits kept, every other run of characters one '_'.
std::string identifier(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (keep)
      out += c;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "unnamed" : out;
}

std::vector<ScenarioCase> discover() {
  const std::filesystem::path dir =
      std::filesystem::path(VIGIL_SOURCE_DIR) / "tests" / "tracker" / "scenarios";
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<ScenarioCase> cases;
  if (files.empty())
    cases.push_back({"no_scenarios", dir.string(), nullptr,
                     Error("no scenario file (*.yaml) in " + dir.string(), dir.string())});
  for (const std::filesystem::path& path : files) {
    std::string stem = identifier(path.stem().string());
    auto scenarios = read_scenario_file(path.string());
    if (!scenarios.ok()) {
      cases.push_back({stem + "__unreadable", path.string(), nullptr, scenarios.error()});
      continue;
    }
    for (Scenario& s : *scenarios) {
      std::string name = stem + "__" + identifier(s.name);
      for (int n = 2; std::any_of(cases.begin(), cases.end(),
                                  [&](const ScenarioCase& c) { return c.name == name; });
           ++n)
        name = stem + "__" + identifier(s.name) + "_" + std::to_string(n);
      cases.push_back({name, path.string(), std::make_shared<const Scenario>(std::move(s)), {}});
    }
  }
  return cases;
}

class Tracker : public ::testing::TestWithParam<ScenarioCase> {};

TEST_P(Tracker, Run) {
  const ScenarioCase& c = GetParam();
  if (c.error) {
    ADD_FAILURE_AT(c.error->file.c_str(), c.error->line) << c.error->message;
    return;
  }
  testing::TempDir dir;
  auto db = store::open_store(dir.file("vigil.db"));
  ASSERT_TRUE(db.ok()) << db.error().message;
  run_scenario(*c.scenario, **db, [&](int line, const std::string& message) {
    ADD_FAILURE_AT(c.file.c_str(), line) << "scenario '" << c.scenario->name << "': " << message;
  });
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Tracker, ::testing::ValuesIn(discover()),
                         [](const ::testing::TestParamInfo<ScenarioCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace vigil::tracker::scenario
