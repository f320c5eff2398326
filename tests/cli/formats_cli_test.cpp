// The standard formats end to end ([Reports]): `vigil scan --format
// sarif|ocsf|asff|junit` on examples/estate and `vigil violations list
// --format ...` on the store that scan wrote, every output validated against
// the format's published schema (tests/data/schemas, tests/cli/validate_format.py).
#include <map>
#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "format_validator.h"

namespace vigil::cli_testing {
namespace {

using json = nlohmann::json;
using format_testing::format_errors;

const char* kFormats[] = {"sarif", "ocsf", "asff", "junit"};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(Cli, ScanWritesEveryStandardFormatValid) {
  Outcome reference =
      vigil("scan --capture examples/estate --now 2026-12-01T00:00:00Z --format json");
  ASSERT_EQ(reference.code, 3) << reference.err;  // the estate has a failed scope on purpose
  json summary = json::parse(reference.out)["summary"];
  const size_t findings = summary["violation"].get<size_t>() + summary["unknown"].get<size_t>() +
                          summary["compliant"].get<size_t>();
  ASSERT_GT(summary["unknown"].get<size_t>(), 0u);

  std::map<std::string, std::string> out;
  for (const char* format : kFormats) {
    Outcome scan =
        vigil(std::string("scan --capture examples/estate --now 2026-12-01T00:00:00Z --format ") +
              format);
    ASSERT_EQ(scan.code, 3) << format << ": " << scan.err;
    EXPECT_EQ(format_errors(dir_, format, scan.out), "") << format;
    out[format] = scan.out;
  }
  auto run = [&](const char* format) { return out[format]; };
  // Every finding, with the same counts as the JSON report; unknowns are never passes.
  json sarif = json::parse(run("sarif"));
  const json& results = sarif["runs"][0]["results"];
  EXPECT_EQ(results.size(), findings);
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["executionSuccessful"], false);  // partial
  size_t open = 0, fail = 0;
  for (const json& r : results) {
    open += r["kind"] == "open";
    fail += r["kind"] == "fail";
  }
  EXPECT_EQ(open, summary["unknown"].get<size_t>());
  EXPECT_EQ(fail, summary["violation"].get<size_t>());

  json ocsf = json::parse(run("ocsf"));
  EXPECT_EQ(ocsf.size(), findings);
  size_t unknown = 0;
  for (const json& e : ocsf) unknown += e["status_code"] == "UNKNOWN";
  EXPECT_EQ(unknown, summary["unknown"].get<size_t>());

  json asff = json::parse(run("asff"));
  EXPECT_EQ(asff.size(), findings);
  size_t not_available = 0, failed = 0;
  for (const json& f : asff) {
    not_available += f["Compliance"]["Status"] == "NOT_AVAILABLE";
    failed += f["Compliance"]["Status"] == "FAILED";
  }
  EXPECT_EQ(not_available, summary["unknown"].get<size_t>());
  EXPECT_EQ(failed, summary["violation"].get<size_t>());

  std::string junit = run("junit");
  EXPECT_EQ(count(junit, "<testcase "), findings);
  EXPECT_EQ(count(junit, "<error "), summary["unknown"].get<size_t>());
  EXPECT_EQ(count(junit, "<failure "), summary["violation"].get<size_t>());
}

TEST_F(Cli, ViolationsListWritesEveryStandardFormatFromTheStore) {
  std::string db = (dir_ / "vigil.db").string();
  Outcome scan =
      vigil("scan --capture examples/estate --now 2026-12-01T00:00:00Z --db '" + db + "'");
  ASSERT_EQ(scan.code, 3) << scan.err;
  Outcome list = vigil("violations list --format json --db '" + db + "'");
  ASSERT_EQ(list.code, 0) << list.err;
  json violations = json::parse(list.out);
  ASSERT_FALSE(violations.empty());
  size_t unknown = 0;
  for (const json& v : violations) unknown += v["status"] == "unknown";

  for (const char* format : kFormats) {
    Outcome out = vigil(std::string("violations list --db '") + db + "' --format " + format);
    ASSERT_EQ(out.code, 0) << format << ": " << out.err;
    EXPECT_EQ(format_errors(dir_, format, out.out), "") << format;
  }
  json asff = json::parse(vigil("violations list --format asff --db '" + db + "'").out);
  ASSERT_EQ(asff.size(), violations.size());
  size_t not_available = 0;
  for (size_t i = 0; i < asff.size(); ++i) {
    not_available += asff[i]["Compliance"]["Status"] == "NOT_AVAILABLE";
    EXPECT_EQ(asff[i]["ProductFields"]["vigil/violation_id"],
              std::to_string(violations[i]["id"].get<int64_t>()));
    // Policy texts come from the pack, as in the JSON listing.
    if (violations[i]["policy"].contains("title")) {
      EXPECT_EQ(asff[i]["Title"], violations[i]["policy"]["title"]);
    }
  }
  EXPECT_EQ(not_available, unknown);
  // The store's finding and the scan's finding have the same id in ASFF (a re-import updates it).
  json scanned = json::parse(
      vigil("scan --capture examples/estate --now 2026-12-01T00:00:00Z --format asff").out);
  bool found = false;
  for (const json& f : scanned) found |= f["Id"] == asff[0]["Id"];
  EXPECT_TRUE(found) << asff[0]["Id"];
}

}  // namespace
}  // namespace vigil::cli_testing
