// Shared by the protocol conformance tests: reads the suites in
// ../shared/conformance/aws-protocols/ (botocore's copies of Smithy's AWS
// protocol tests), builds a ServiceModel per case, tallies results per
// protocol file, prints every failure with its reason, and checks the run
// against the direction's expected-failures list
// (tests/aws_client/expected_failures_{input,output}.txt, ids "file/case").
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../support/expected_failures.h"
#include "../support/shared_dir.h"
#include "aws_client/model/service_model.h"

namespace vigil::aws::conformance {

using OJson = nlohmann::ordered_json;

// Empty when the shared data is absent.
inline std::filesystem::path suite_dir() { return test_support::conformance_path("aws-protocols"); }

inline const std::vector<std::string>& protocol_files() {
  static const std::vector<std::string> files = {"ec2",  "query",    "rest-xml",
                                                 "json", "json_1_0", "rest-json"};
  return files;
}

inline OJson read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return OJson::parse(text.str());
}

// Case ids (and suite descriptions) botocore itself fails, per direction.
inline std::set<std::string> botocore_ignored(const std::string& file,
                                              const std::string& direction) {
  std::set<std::string> out;
  OJson list = read_json(suite_dir() / "botocore-ignore-list.json");
  auto names = [&](const OJson& section, const char* key) {
    if (!section.contains(direction) || !section[direction].contains(key)) return;
    for (const auto& name : section[direction][key]) out.insert(name.get<std::string>());
  };
  names(list["general"], "suites");
  if (list["protocols"].contains(file)) names(list["protocols"][file], "cases");
  return out;
}

// The service model of one case: the suite's metadata and shapes, the case's
// operation ("given").
inline std::shared_ptr<const ServiceModel> case_model(const OJson& suite, const OJson& test_case,
                                                      std::string& error) {
  OJson service = OJson::object();
  service["metadata"] = suite["metadata"];
  service["shapes"] = suite.value("shapes", OJson::object());
  OJson op = test_case["given"];
  service["operations"] = OJson::object();
  service["operations"][op["name"].get<std::string>()] = op;
  auto model =
      ServiceModel::from_ordered_json(service, OJson(), suite.value("description", "suite"));
  if (!model.ok()) {
    error = model.error().message;
    return nullptr;
  }
  return *model;
}

struct Tally {
  std::string file;
  int passed = 0, total = 0;
  std::vector<std::string> failures;
  std::set<std::string>* all_cases = nullptr;                  // "file/id" of every case
  std::map<std::string, std::string>* failed_cases = nullptr;  // "file/id" -> why

  void record(const std::string& id, const std::string& why, const std::set<std::string>& ignored,
              const std::string& suite_description) {
    ++total;
    all_cases->insert(file + "/" + id);
    if (why.empty()) {
      ++passed;
      return;
    }
    (*failed_cases)[file + "/" + id] = why;
    bool botocore_fails = ignored.count(id) || ignored.count(suite_description);
    failures.push_back(
        fmt::format("{}{}: {}", id, botocore_fails ? " (botocore fails it too)" : "", why));
  }

  double ratio() const { return total ? static_cast<double>(passed) / total : 1.0; }

  void print(const std::string& direction) const {
    std::printf("[%s %s] %d/%d cases pass (%.1f%%)\n", direction.c_str(), file.c_str(), passed,
                total, 100 * ratio());
    for (const auto& f : failures) std::printf("    FAIL %s\n", f.c_str());
  }
};

// Runs `check` (case -> why it failed, empty when it passed) over every case
// of every protocol file of `direction` and returns the differences from the
// expected-failures list (empty when exactly the listed cases failed).
template <typename Check>
std::string run_direction(const std::string& direction, Check check) {
  std::set<std::string> all_cases;
  std::map<std::string, std::string> failed_cases;
  int all_passed = 0, all_total = 0;
  for (const std::string& file : protocol_files()) {
    Tally tally;
    tally.file = file;
    tally.all_cases = &all_cases;
    tally.failed_cases = &failed_cases;
    auto ignored = botocore_ignored(file, direction);
    OJson suites = read_json(suite_dir() / direction / (file + ".json"));
    for (const auto& suite : suites)
      for (const auto& test_case : suite["cases"])
        tally.record(test_case["id"].get<std::string>(), check(suite, test_case), ignored,
                     suite.value("description", ""));
    tally.print(direction);
    all_passed += tally.passed;
    all_total += tally.total;
    EXPECT_GT(tally.total, 0) << file;
  }
  std::printf("[%s all] %d/%d cases pass\n", direction.c_str(), all_passed, all_total);
  const std::string list =
      std::string(VIGIL_SOURCE_DIR) + "/tests/aws_client/expected_failures_" + direction + ".txt";
  return test_support::check_expected_failures(list, test_support::read_expected_failures(list),
                                               all_cases, failed_cases);
}

}  // namespace vigil::aws::conformance
