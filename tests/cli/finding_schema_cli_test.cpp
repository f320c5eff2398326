// One vocabulary for a finding in every JSON output ([Trustworthy state]):
// the scan report, `violations list` and `violations show` are validated
// against docs/finding.schema.json (JSON Schema 2020-12, with Debian's
// python3-jsonschema), and name the same things the same way.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace vigil::cli_testing {
namespace {

using json = nlohmann::json;

// Empty when `text` is valid against the schema's definition, else the errors.
std::string schema_errors(const fs::path& dir, const std::string& definition,
                          const std::string& text) {
  fs::path instance =
      dir / ("instance-" + std::to_string(std::hash<std::string>{}(definition)) + ".json");
  std::ofstream(instance) << text;
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string cmd = python + " " + std::string(VIGIL_SOURCE_DIR) + "/tests/cli/validate_json.py " +
                    std::string(VIGIL_SOURCE_DIR) + "/docs/finding.schema.json '" + definition +
                    "' '" + instance.string() + "' 2>&1";
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return "cannot run " + cmd;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int status = pclose(pipe);
  return status == 0 ? std::string() : (out.empty() ? "validator failed: " + cmd : out);
}

TEST_F(Cli, EveryJsonOutputFollowsTheFindingSchema) {
  std::string db = (dir_ / "vigil.db").string();
  Outcome scan = vigil(
      "scan --capture examples/estate --now 2026-12-01T00:00:00Z --format json --db '" + db + "'");
  ASSERT_EQ(scan.code, 3) << scan.err;  // the estate has a failed scope on purpose
  EXPECT_EQ(schema_errors(dir_, "scan_report", scan.out), "");
  json report = json::parse(scan.out);
  EXPECT_EQ(report["summary"]["scanned_at"], "2026-12-01T00:00:00Z");
  EXPECT_EQ(report["summary"]["partial"], true);

  Outcome list = vigil("violations list --format json --db '" + db + "'");
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(schema_errors(dir_, "tracked_finding[]", list.out), "");
  json violations = json::parse(list.out);
  ASSERT_FALSE(violations.empty());

  Outcome show = vigil("violations show 1 --format json --db '" + db + "'");
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_EQ(schema_errors(dir_, "tracked_finding_with_history", show.out), "");

  // The same finding reads the same in the scan report and in the store.
  const json& tracked = violations[0];
  bool found = false;
  for (const json& f : report["findings"]) {
    if (f["policy"]["id"] != tracked["policy"]["id"] || f["asset"]["id"] != tracked["asset"]["id"])
      continue;
    found = true;
    EXPECT_EQ(f["policy"], tracked["policy"]);
    EXPECT_EQ(f["asset"], tracked["asset"]);
    EXPECT_EQ(f["message"], tracked["message"]);
  }
  EXPECT_TRUE(found) << tracked.dump(2);
  EXPECT_FALSE(tracked["policy"]["title"].get<std::string>().empty());
  EXPECT_FALSE(tracked["policy"]["remediation"].get<std::string>().empty());
}

TEST_F(Cli, TheSchemaRejectsTheOldVocabulary) {
  // The scan report before one vocabulary: policy_id/asset_id, no scan time.
  std::string old =
      R"({"summary": {"assets": 1, "evaluations": 1, "violation": 1, "unknown": 0, "compliant": 0,
      "violations_by_severity": {"critical": 0, "high": 1, "medium": 0, "low": 0, "info": 0}, "seconds": 0.1},
      "findings": [{"policy_id": "p", "asset_id": "a", "type": "t", "account": "1", "region": "r",
      "severity": "high", "category": "security", "status": "violation", "message": "m"}]})";
  std::string errors = schema_errors(dir_, "scan_report", old);
  EXPECT_NE(errors.find("'scanned_at' is a required property"), std::string::npos) << errors;
  EXPECT_NE(errors.find("'policy' is a required property"), std::string::npos) << errors;
}

}  // namespace
}  // namespace vigil::cli_testing
