// The end-to-end tests of the store subcommands: the CLI fixture
// (cli_fixture.h) plus a SQLite file in the test's folder, the sample
// inventory, and `vigil ... --format json` parsed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli_fixture.h"

namespace vigil::testing {

namespace fs = std::filesystem;
using cli_testing::Outcome;
using cli_testing::slurp;

class TrackerCli : public cli_testing::Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    if (IsSkipped()) return;
    db_ = (dir_ / "vigil.db").string();
  }

  std::string samples() const { return std::string(VIGIL_SOURCE_DIR) + "/samples/inventory.jsonl"; }
  std::string db() const { return "--db '" + db_ + "'"; }

  nlohmann::json json_of(const std::string& args) {
    Outcome r = vigil(args + " --format json");
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << args << "\n" << r.out;
    return j;
  }

  std::string db_;
};

}  // namespace vigil::testing
