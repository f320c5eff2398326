// Reading the IAM corpora (tests/iam/corpus*/): YAML files of cases, each
// turned into JSON so the documents reach iam::parse_policy as AWS stores them.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "policy/yaml_values.h"
#include "yaml/load.h"

namespace vigil::iam::testing {

struct CorpusCase {
  std::string file;
  nlohmann::json body;
};

// Every case of every *.yaml file under `dir` (sorted), each file a map
// {cases: [...]}. A file that does not load fails the calling test.
inline std::vector<CorpusCase> load_corpus(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<CorpusCase> out;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    auto doc = yaml::load(content);
    if (doc.problem) {
      ADD_FAILURE() << path << ":" << doc.problem->line << ":" << doc.problem->column << ": "
                    << doc.problem->message;
      continue;
    }
    auto json = policy_detail::yaml_to_json(doc.root);
    if (!json.ok()) {
      ADD_FAILURE() << path << ":" << json.error().line << ": " << json.error().message;
      continue;
    }
    for (const auto& c : (*json)["cases"]) out.push_back({path.filename().string(), c});
  }
  return out;
}

inline std::filesystem::path corpus_dir(const char* name) {
  return std::filesystem::path(VIGIL_SOURCE_DIR) / "tests" / "iam" / name;
}

// Runs every case of tests/iam/<name>/ through `run` (empty: passed, else what
// went wrong), fails the test once per failing case, prints "<title>: N
// passed, M failed", and returns how many cases there were.
template <typename Run>
size_t run_corpus(const char* name, const char* title, Run run) {
  auto cases = load_corpus(corpus_dir(name));
  size_t passed = 0, failed = 0;
  for (const auto& c : cases) {
    std::string problem = run(c.body);
    if (problem.empty()) {
      ++passed;
      continue;
    }
    ++failed;
    ADD_FAILURE() << c.file << ": " << c.body.value("name", "(unnamed)") << ": " << problem;
  }
  std::cout << title << ": " << passed << " passed, " << failed << " failed\n";
  return cases.size();
}

}  // namespace vigil::iam::testing
