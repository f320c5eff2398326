// /api/v1/frameworks/{id} and /controls/{control}/evidence against a real
// `vigil serve` and store: the summary judges every control as
// `vigil report framework --db` does (same statuses, counts of the evidence
// the report lists), and the evidence pages of a control join into exactly
// the report's evidence, without gap or repeat.
#include <algorithm>
#include <map>
#include <tuple>

#include "api_serve_fixture.h"

namespace vigil::testing {
namespace {

using EvidenceKey = std::tuple<std::string, std::string, std::string, std::string>;

EvidenceKey evidence_key(const nlohmann::json& e) {
  return {e["status"], e["asset"], e["policy"], e["message"]};
}

size_t evidence_of_status(const nlohmann::json& control, const std::string& status) {
  return size_t(std::count_if(control["evidence"].begin(), control["evidence"].end(),
                              [&](const nlohmann::json& e) { return e["status"] == status; }));
}

TEST_F(ApiServe, FrameworkSummaryCountsWhatTheReportListsAndEvidencePagesListIt) {
  Outcome report = vigil("report framework cis-aws-3.0 --format json " + db());
  ASSERT_EQ(report.code, 0) << report.err;
  nlohmann::json full = nlohmann::json::parse(report.out);
  nlohmann::json summary = get_json("/api/v1/frameworks/cis-aws-3.0");
  EXPECT_EQ(summary["accounts"], full["accounts"]);
  EXPECT_EQ(summary["counts"], full["counts"]);
  EXPECT_EQ(summary["pass_rate"], full["pass_rate"]);
  ASSERT_EQ(summary["controls"].size(), full["controls"].size());
  const nlohmann::json* listed = nullptr;  // a control with several findings
  for (size_t i = 0; i < full["controls"].size(); ++i) {
    const auto& s = summary["controls"][i];
    const auto& f = full["controls"][i];
    SCOPED_TRACE(std::string(f["id"]) + " in " + std::string(f["account"]));
    EXPECT_EQ(s["id"], f["id"]);
    EXPECT_EQ(s["account"], f["account"]);
    EXPECT_EQ(s["status"], f["status"]);
    EXPECT_EQ(s["compliant"], f["compliant"]);
    EXPECT_EQ(s["exempted"], f["exempted"]);
    EXPECT_EQ(s["violations"], evidence_of_status(f, "violation"));
    EXPECT_EQ(s["unknown"], evidence_of_status(f, "unknown"));
    EXPECT_FALSE(s.contains("evidence"));
    if (f["evidence"].size() >= 2 &&
        (!listed || f["evidence"].size() > (*listed)["evidence"].size()))
      listed = &f;
  }
  ASSERT_NE(listed, nullptr) << "the sample estate fails no control twice";

  // Pages of one item join into the report's evidence of that control.
  std::string path = "/api/v1/frameworks/cis-aws-3.0/controls/" + std::string((*listed)["id"]) +
                     "/evidence?limit=1&account=" + std::string((*listed)["account"]);
  std::vector<EvidenceKey> paged;
  int64_t last_id = 0;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    nlohmann::json got = get_json(path + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_LE(got["items"].size(), 1u);
    for (const auto& item : got["items"]) {
      EXPECT_GT(item["id"].get<int64_t>(), last_id);  // by violation id, never repeated
      last_id = item["id"];
      paged.push_back(evidence_key(item));
    }
    if (got["next_cursor"].is_null()) break;
    cursor = got["next_cursor"];
  }
  std::vector<EvidenceKey> expected;
  for (const auto& e : (*listed)["evidence"]) expected.push_back(evidence_key(e));
  std::sort(paged.begin(), paged.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(paged, expected);

  get_json("/api/v1/frameworks/cis-aws-3.0/controls/9.99/evidence", 404);
  get_json("/api/v1/frameworks/nope/controls/1.4/evidence", 404);
  get_json("/api/v1/frameworks/cis-aws-3.0/controls/1.4/evidence?limit=0", 400);
}

}  // namespace
}  // namespace vigil::testing
