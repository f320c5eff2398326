// The HTTP API of `vigil serve`, against the real process and a real store:
// every route of docs/api/openapi.json is called, and every response is
// validated against the document's schema (tests/api/validate_responses.py);
// errors are JSON with the right status; pages chain without gap or repeat.
#include <set>

#include "api_serve_fixture.h"
#include "store/store.h"

namespace vigil::testing {
namespace {

TEST_F(ApiServe, EveryDocumentedRouteAnswersAsItsSchemaSays) {
  nlohmann::json violations = get_json("/api/v1/violations?limit=5");
  ASSERT_FALSE(violations["items"].empty());
  std::string violation = std::to_string(violations["items"][0]["id"].get<int64_t>());
  std::string scan = std::to_string(get_json("/api/v1/scans")["items"][0]["id"].get<int64_t>());

  record("/healthz", "/healthz");
  record("/readyz", "/readyz");
  record("/api/v1/openapi.json", "/api/v1/openapi.json");
  record("/api/v1/summary", "/api/v1/summary");
  record("/api/v1/violations", "/api/v1/violations?status=open,unknown&limit=50");
  record("/api/v1/violations", "/api/v1/violations?account=222222222222&severity=critical");
  record("/api/v1/violations", "/api/v1/violations?group=dev&limit=3");
  std::string asset = violations["items"][0]["asset"]["id"];
  record("/api/v1/violations",
         "/api/v1/violations?asset=" + httplib::detail::encode_query_param(asset));
  record("/api/v1/violations/export", "/api/v1/violations/export?format=yaml", 400);
  record("/api/v1/violations/{id}", "/api/v1/violations/" + violation);
  record("/api/v1/violations/{id}", "/api/v1/violations/99999999", 404);
  record("/api/v1/violations/{id}", "/api/v1/violations/abc", 400);
  record("/api/v1/policies", "/api/v1/policies");
  record("/api/v1/policies/{id}", "/api/v1/policies/aws-iam-root-access-key");
  record("/api/v1/policies/{id}", "/api/v1/policies/no-such-policy", 404);
  record("/api/v1/frameworks", "/api/v1/frameworks");
  record("/api/v1/frameworks/{id}", "/api/v1/frameworks/cis-aws-3.0");
  record("/api/v1/frameworks/{id}", "/api/v1/frameworks/cis-aws-3.0?account=111111111111");
  record("/api/v1/frameworks/{id}", "/api/v1/frameworks/nope", 404);
  record("/api/v1/frameworks/{id}/controls/{control}/evidence",
         "/api/v1/frameworks/cis-aws-3.0/controls/1.4/evidence?account=222222222222&limit=1");
  record("/api/v1/frameworks/{id}/controls/{control}/evidence",
         "/api/v1/frameworks/cis-aws-3.0/controls/nope/evidence", 404);
  record("/api/v1/scans", "/api/v1/scans?limit=10");
  record("/api/v1/scans/{id}", "/api/v1/scans/" + scan);
  record("/api/v1/scans/{id}", "/api/v1/scans/424242", 404);
  record("/api/v1/exceptions", "/api/v1/exceptions?include_inactive=true");

  // Assets: browse, filter, one asset with its findings, a version, a diff.
  nlohmann::json assets = record("/api/v1/assets", "/api/v1/assets?limit=5");
  ASSERT_EQ(assets["items"].size(), 5u);
  EXPECT_TRUE(assets["next_cursor"].is_string());
  record("/api/v1/assets", "/api/v1/assets?account=222222222222&type=aws.s3.bucket&limit=2");
  record("/api/v1/assets", "/api/v1/assets?group=dev&deleted=true&limit=3");
  record("/api/v1/assets",
         "/api/v1/assets?region=us-east-1&cursor=" + assets["next_cursor"].get<std::string>());
  nlohmann::json by_id =
      record("/api/v1/assets", "/api/v1/assets?id=" + httplib::detail::encode_query_param(asset));
  ASSERT_EQ(by_id["items"].size(), 1u);
  std::string key = std::to_string(by_id["items"][0]["key"].get<int64_t>());
  record("/api/v1/assets", "/api/v1/assets?q=acme&cursor=k1", 400);
  record("/api/v1/assets", "/api/v1/assets?deleted=maybe", 400);
  nlohmann::json detail = record("/api/v1/assets/{key}", "/api/v1/assets/" + key);
  EXPECT_EQ(detail["id"], asset);
  EXPECT_FALSE(detail["findings"].empty());
  for (const auto& f : detail["findings"]) EXPECT_EQ(f["asset"]["id"], asset);
  EXPECT_TRUE(detail["config"].is_object());
  ASSERT_EQ(detail["versions"].size(), 1u);
  record("/api/v1/assets/{key}", "/api/v1/assets/99999999", 404);
  record("/api/v1/assets/{key}", "/api/v1/assets/x1", 400);
  nlohmann::json v1 =
      record("/api/v1/assets/{key}/versions/{version}", "/api/v1/assets/" + key + "/versions/1");
  EXPECT_EQ(v1["config"], detail["config"]);
  record("/api/v1/assets/{key}/versions/{version}", "/api/v1/assets/" + key + "/versions/7", 404);
  nlohmann::json same =
      record("/api/v1/assets/{key}/diff", "/api/v1/assets/" + key + "/diff?from=1&to=1");
  EXPECT_TRUE(same["changes"].empty());
  record("/api/v1/assets/{key}/diff", "/api/v1/assets/" + key + "/diff?from=1", 400);
  record("/api/v1/assets/{key}/diff", "/api/v1/assets/" + key + "/diff?from=1&to=2", 404);

  // Search: the index follows the scan's recording.
  std::string bucket = "acme-dev-logs";
  nlohmann::json found = get_json_when("/api/v1/search?q=" + bucket, [](const nlohmann::json& j) {
    return j.contains("items") && !j["items"].empty();
  });
  record("/api/v1/search", "/api/v1/search?q=" + bucket);
  ASSERT_FALSE(found["items"].empty());
  EXPECT_EQ(found["items"][0]["kind"], "asset");
  EXPECT_EQ(found["items"][0]["id"], "arn:aws:s3:::" + bucket);
  nlohmann::json policies = record("/api/v1/search", "/api/v1/search?q=root%20access&limit=5");
  ASSERT_FALSE(policies["items"].empty());
  EXPECT_EQ(policies["items"][0]["kind"], "policy");
  record("/api/v1/search", "/api/v1/search", 400);
  record("/api/v1/search", "/api/v1/search?q=%22%20%3A", 400);
  nlohmann::json asset_hits = record("/api/v1/assets", "/api/v1/assets?q=" + bucket + "&limit=3");
  EXPECT_EQ(asset_hits["items"][0]["matched"], "id");

  // Trend, groups, sources.
  nlohmann::json trend = record("/api/v1/trend", "/api/v1/trend?days=7");
  ASSERT_EQ(trend["items"].size(), 1u);  // one scan, today
  EXPECT_EQ(trend["items"][0]["score"], get_json("/api/v1/summary")["overall"]["score"]);
  record("/api/v1/trend", "/api/v1/trend?dimension=severity&key=critical");
  record("/api/v1/trend", "/api/v1/trend?dimension=color", 400);
  record("/api/v1/trend", "/api/v1/trend?days=0", 400);
  nlohmann::json groups = record("/api/v1/groups", "/api/v1/groups");
  ASSERT_EQ(groups["items"].size(), 1u);
  EXPECT_EQ(groups["items"][0]["name"], "dev");
  nlohmann::json sources = record("/api/v1/sources", "/api/v1/sources");
  ASSERT_EQ(sources["items"].size(), 1u);
  EXPECT_EQ(sources["items"][0]["last_status"], "completed");
  record("/api/v1/audit", "/api/v1/audit?limit=20");
  record("/api/v1/violations", "/api/v1/violations?cursor=zz", 400);
  record("/api/v1/violations", "/api/v1/violations?limit=0", 400);
  record("/api/v1/violations", "/api/v1/violations?statsu=open", 400);
  record("/api/v1/violations", "/api/v1/violations?status=opne", 400);

  // Exceptions for selected violations: all or nothing.
  nlohmann::json some = get_json("/api/v1/violations?status=open&limit=3&account=333333333333");
  ASSERT_EQ(some["items"].size(), 3u);
  nlohmann::json selected = nlohmann::json::array();
  for (const auto& v : some["items"]) selected.push_back(v["id"]);
  record("/api/v1/exceptions/bulk", "/api/v1/exceptions/bulk", 404, "POST",
         nlohmann::json{
             {"violations", {selected[0], 99999999}}, {"reason", "x"}, {"expires_in_days", 3}}
             .dump());
  EXPECT_EQ(get_json("/api/v1/violations/" + std::to_string(selected[0].get<int64_t>()))["status"],
            "open");  // nothing was granted
  record("/api/v1/exceptions/bulk", "/api/v1/exceptions/bulk", 400, "POST",
         R"({"violations": [], "reason": "x", "expires_in_days": 3})");
  nlohmann::json bulk = record(
      "/api/v1/exceptions/bulk", "/api/v1/exceptions/bulk", 201, "POST",
      nlohmann::json{
          {"violations", selected}, {"reason", "decommissioned next week"}, {"expires_in_days", 7}}
          .dump());
  ASSERT_EQ(bulk["items"].size(), 3u);
  for (const auto& id : selected)
    EXPECT_EQ(get_json("/api/v1/violations/" + std::to_string(id.get<int64_t>()))["status"],
              "exempted");

  // Exceptions: grant on the first violation, refuse a typo, revoke.
  nlohmann::json first_violation = violations["items"][0];
  nlohmann::json granted = record("/api/v1/exceptions", "/api/v1/exceptions", 201, "POST",
                                  nlohmann::json{{"policy", first_violation["policy"]["id"]},
                                                 {"asset", first_violation["asset"]["id"]},
                                                 {"reason", "accepted until the migration"},
                                                 {"ticket", "SEC-1"},
                                                 {"expires_in_days", 30}}
                                      .dump());
  EXPECT_EQ(granted["granted_by"], "admin");
  nlohmann::json typo = record("/api/v1/exceptions", "/api/v1/exceptions", 400, "POST",
                               nlohmann::json{{"policy", "aws-s3-bucket-publik"},
                                              {"asset", first_violation["asset"]["id"]},
                                              {"reason", "x"},
                                              {"expires_in_days", 1}}
                                   .dump());
  EXPECT_EQ(typo["error"]["field"], "policy");
  record("/api/v1/exceptions", "/api/v1/exceptions", 400, "POST",
         R"({"category": "security", "reason": "x", "expires_in_days": 1})");
  std::string exception_path = "/api/v1/exceptions/" + std::to_string(granted["id"].get<int64_t>());
  record("/api/v1/exceptions/{id}", exception_path, 200, "DELETE", R"({"reason": "migrated"})");
  record("/api/v1/exceptions/{id}", exception_path, 409, "DELETE", R"({"reason": "again"})");
  record("/api/v1/exceptions/{id}", "/api/v1/exceptions/987654", 404, "DELETE",
         R"({"reason": "x"})");

  // Fixes: a bucket's plan (fixes are off in this deployment: applying is
  // refused and sends nothing), a policy no action serves, the lists.
  nlohmann::json open_bucket =
      get_json("/api/v1/violations?policy=aws-s3-bucket-public-access-block&status=open&limit=1");
  ASSERT_FALSE(open_bucket["items"].empty());
  std::string bucket_fix =
      fmt::format("/api/v1/violations/{}/fix", open_bucket["items"][0]["id"].get<int64_t>());
  nlohmann::json plan = record("/api/v1/violations/{id}/fix", bucket_fix);
  EXPECT_EQ(plan["action"], "s3-block-public-access");
  EXPECT_EQ(plan["calls"][0]["operation"], "PutPublicAccessBlock");
  EXPECT_EQ(plan["mode"], "off");
  nlohmann::json refused = record("/api/v1/violations/{id}/fix", bucket_fix, 409, "POST",
                                  nlohmann::json{{"digest", plan["digest"]}}.dump());
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("fixes are off"), std::string::npos)
      << refused.dump();
  record("/api/v1/violations/{id}/fix", bucket_fix, 400, "POST", "{}");
  // The action is the operator's choice among those that serve the policy.
  EXPECT_EQ(plan["actions"], nlohmann::json::array({"s3-block-public-access"}));
  nlohmann::json chosen =
      record("/api/v1/violations/{id}/fix", bucket_fix + "?action=s3-block-public-access");
  EXPECT_EQ(chosen["digest"], plan["digest"]);
  nlohmann::json other = record("/api/v1/violations/{id}/fix",
                                bucket_fix + "?action=s3-remove-public-acl-grants", 400);
  EXPECT_EQ(other["error"]["field"], "action");
  EXPECT_NE(other["error"]["message"].get<std::string>().find("s3-block-public-access"),
            std::string::npos)
      << other.dump();
  nlohmann::json unknown =
      record("/api/v1/violations/{id}/fix", bucket_fix, 400, "POST",
             nlohmann::json{{"digest", plan["digest"]}, {"action", "no-such-action"}}.dump());
  EXPECT_EQ(unknown["error"]["field"], "action");
  record("/api/v1/violations/{id}/fix", "/api/v1/violations/99999999/fix", 404);
  nlohmann::json root_key =
      get_json("/api/v1/violations?policy=aws-iam-root-access-key&limit=1")["items"];
  if (!root_key.empty())
    record("/api/v1/violations/{id}/fix",
           fmt::format("/api/v1/violations/{}/fix", root_key[0]["id"].get<int64_t>()), 404);
  nlohmann::json fixes = record("/api/v1/fixes", "/api/v1/fixes?limit=10");
  EXPECT_TRUE(fixes["scheduled"].empty());
  EXPECT_TRUE(fixes["runs"].empty());  // the refusal ran nothing
  record("/api/v1/fixes", "/api/v1/fixes?limit=0", 400);

  // Scan now: queued, then recorded.
  size_t scans_before = get_json("/api/v1/scans")["items"].size();
  record("/api/v1/scans", "/api/v1/scans", 202, "POST", R"({"source": "estate"})");
  record("/api/v1/scans", "/api/v1/scans", 404, "POST", R"({"source": "estat"})");
  bool scanned = false;
  for (int i = 0; i < 1200 && !scanned; ++i) {
    nlohmann::json scans = get_json("/api/v1/scans");
    scanned = scans["items"].size() > scans_before && scans["items"][0]["state"] == "completed";
    if (!scanned) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(scanned) << log("serve");

  // Sessions, users and tokens.
  record("/api/v1/session", "/api/v1/session");
  record("/api/v1/session", "/api/v1/session", 201, "POST",
         nlohmann::json{{"user", "admin"}, {"password", kAdminPassword}}.dump());
  record("/api/v1/session", "/api/v1/session", 401, "POST",
         nlohmann::json{{"user", "admin"}, {"password", "not the password"}}.dump());
  record("/api/v1/session", "/api/v1/session", 400, "POST", R"({"user": "admin"})");
  record(
      "/api/v1/users", "/api/v1/users", 201, "POST",
      R"({"name": "vera", "role": "viewer", "groups": ["dev"], "password": "vera's first password"})");
  record("/api/v1/users", "/api/v1/users", 409, "POST",
         R"({"name": "vera", "password": "vera's first password"})");
  record("/api/v1/users", "/api/v1/users", 400, "POST", R"({"name": "vera", "pasword": "x"})");
  record("/api/v1/users", "/api/v1/users");
  record("/api/v1/users/{name}", "/api/v1/users/vera", 200, "PATCH", R"({"role": "operator"})");
  record("/api/v1/users/{name}", "/api/v1/users/nobody", 404, "PATCH", R"({"role": "operator"})");
  record("/api/v1/users/{name}", "/api/v1/users/admin", 409, "PATCH", R"({"role": "viewer"})");
  nlohmann::json token = record("/api/v1/tokens", "/api/v1/tokens", 201, "POST",
                                R"({"name": "ci", "role": "viewer", "expires_in_days": 30})");
  record("/api/v1/tokens", "/api/v1/tokens", 400, "POST",
         R"({"name": "ci", "expires_in_days": 400})");
  record("/api/v1/tokens", "/api/v1/tokens");
  std::string token_path = "/api/v1/tokens/" + std::to_string(token["id"].get<int64_t>());
  record("/api/v1/tokens/{id}", token_path, 200, "DELETE");
  record("/api/v1/tokens/{id}", token_path, 409, "DELETE");
  record("/api/v1/tokens/{id}", "/api/v1/tokens/987654", 404, "DELETE");
  record("/api/v1/users/{name}", "/api/v1/users/vera", 200, "DELETE");
  record("/api/v1/users/{name}", "/api/v1/users/vera", 404, "DELETE");
  Identity spare = sign_in("admin", kAdminPassword);
  record("/api/v1/session/password", "/api/v1/session/password", 400, "POST",
         R"({"current_password": "wrong", "new_password": "something long enough"})", &spare);
  record("/api/v1/session", "/api/v1/session", 200, "DELETE", "", &spare);
  record("/api/v1/session", "/api/v1/session", 401, "DELETE", "", &spare);
  record("/api/v1/summary", "/api/v1/summary", 401, "GET", "", &spare);
  // Single sign-on is not configured here (api_oidc_test.cpp configures it).
  nlohmann::json methods = record("/api/v1/session/methods", "/api/v1/session/methods");
  EXPECT_EQ(methods["password"], true);
  EXPECT_TRUE(methods["sso"].is_null());
  nlohmann::json sso = record("/api/v1/session/oidc", "/api/v1/session/oidc", 503);
  EXPECT_EQ(sso["error"]["code"], "sso_not_configured");
  record("/api/v1/session/oidc/callback", "/api/v1/session/oidc/callback?code=x&state=y", 503);
  validate_recorded();

  // /metrics: the Prometheus text format, read by Prometheus' own parser.
  auto metrics = get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  fs::path exposition = dir_ / "metrics.txt";
  std::ofstream(exposition) << metrics->body;
  // Debian's python3 has Debian's python3-prometheus-client (a pyenv one on PATH may not).
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  auto parsed = aws::testing::run_command(
      python + " '" + std::string(VIGIL_SOURCE_DIR) + "/tests/api/validate_metrics.py' '" +
          exposition.string() +
          "' vigil_scans vigil_last_scan_findings vigil_last_scan_step_seconds "
          "vigil_last_scan_collection_failures vigil_http_requests "
          "vigil_http_request_duration_seconds",
      aws::testing::Stderr::Merge);
  EXPECT_EQ(parsed.status, 0) << parsed.out << metrics->body;
  // The estate's two deliberate collection failures, labelled by their scope and code.
  EXPECT_NE(metrics->body.find("vigil_last_scan_collection_failures{source=\"estate\""),
            std::string::npos)
      << metrics->body;
  covered_.insert("get /metrics");
  covered_.insert("get /api/v1/scans/events");  // ScanProgressStreamsAsServerSentEvents

  // Every documented operation was called.
  nlohmann::json document = nlohmann::json::parse(std::ifstream(kOpenApi));
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, _] : operations.items())
      EXPECT_TRUE(covered_.count(method + " " + path))
          << method << " " << path << " is documented but not tested";
}

// A change at the source, a scan now, and the asset's two versions differ
// in exactly the changed field; search sees the new version only.
TEST_F(ApiServe, AScanNowRecordsANewVersionAndItsFieldDiff) {
  std::string arn = "arn:aws:s3:::acme-dev-logs";
  nlohmann::json listed = get_json("/api/v1/assets?id=" + httplib::detail::encode_query_param(arn));
  ASSERT_EQ(listed["items"].size(), 1u);
  std::string key = std::to_string(listed["items"][0]["key"].get<int64_t>());
  EXPECT_EQ(listed["items"][0]["version"], 1);

  std::ofstream(estate_ / "222222222222/global/s3/GetBucketVersioning/acme-dev-logs.json")
      << R"({"Status": "Suspended", "MFADelete": "Disabled"})";
  EXPECT_EQ(scan_again(), 2u);

  nlohmann::json detail = get_json("/api/v1/assets/" + key);
  EXPECT_EQ(detail["version"], 2);
  ASSERT_EQ(detail["versions"].size(), 2u);
  EXPECT_EQ(detail["versions"][1]["version"], 2);
  nlohmann::json diff = get_json("/api/v1/assets/" + key + "/diff?from=1&to=2");
  ASSERT_FALSE(diff["changes"].empty()) << diff.dump();
  bool versioning = false;
  for (const auto& c : diff["changes"]) {
    EXPECT_NE(c["path"].get<std::string>().find("Versioning"), std::string::npos) << c.dump();
    if (c.value("after", nlohmann::json()) == "Suspended") versioning = true;
  }
  EXPECT_TRUE(versioning) << diff.dump();
  // Read backwards, the same change.
  nlohmann::json back = get_json("/api/v1/assets/" + key + "/diff?from=2&to=1");
  EXPECT_EQ(back["changes"].size(), diff["changes"].size());

  nlohmann::json suspended = get_json_when(
      "/api/v1/search?q=acme-dev-logs%20Suspended",
      [](const nlohmann::json& j) { return j.contains("items") && !j["items"].empty(); });
  ASSERT_EQ(suspended["items"].size(), 1u) << suspended.dump();
  EXPECT_EQ(suspended["items"][0]["id"], arn);
}

// The summary is kept between requests (api/summary_cache.h) and follows
// each recorded scan: a bucket whose versioning is turned on leaves the
// versioning policy's count at once.
TEST_F(ApiServe, TheSummaryFollowsEachRecordedScan) {
  const std::string policy = "aws-s3-bucket-versioning-disabled";
  auto violations_of = [&](const nlohmann::json& summary) -> int64_t {
    for (const auto& row : summary["policy"])
      if (row["key"] == policy) return row["violations"].get<int64_t>();
    return -1;
  };
  nlohmann::json before = get_json("/api/v1/summary");
  EXPECT_EQ(get_json("/api/v1/summary"), before);  // the kept answer is the same
  ASSERT_GT(violations_of(before), 0) << before.dump();

  std::ofstream(estate_ / "222222222222/global/s3/GetBucketVersioning/acme-dev-logs.json")
      << R"({"Status": "Enabled", "MFADelete": "Disabled"})";
  EXPECT_EQ(scan_again(), 2u);
  nlohmann::json after = get_json("/api/v1/summary");
  EXPECT_EQ(violations_of(after), violations_of(before) - 1) << after.dump();
  EXPECT_EQ(after["overall"]["violations"].get<int64_t>(),
            before["overall"]["violations"].get<int64_t>() - 1);
}

// Server-Sent Events of GET /api/v1/scans/events, parsed as a browser's
// EventSource would: `event:` and `data:` lines, a blank line ends one.
struct StreamEvent {
  std::string kind;
  nlohmann::json data;
};

std::vector<StreamEvent> parse_events(const std::string& text, std::string* retry) {
  std::vector<StreamEvent> out;
  StreamEvent current;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("retry: ", 0) == 0) *retry = line.substr(7);
    if (line.rfind("event: ", 0) == 0) current.kind = line.substr(7);
    if (line.rfind("data: ", 0) == 0) current.data = nlohmann::json::parse(line.substr(6));
    if (line.empty() && !current.kind.empty()) {
      out.push_back(current);
      current = {};
    }
  }
  return out;
}

TEST_F(ApiServe, AnAssetsFindingsNameTheFieldsTheirPolicyReads) {
  nlohmann::json policy = get_json("/api/v1/policies/aws-s3-bucket-versioning-disabled");
  EXPECT_EQ(policy["reads"], nlohmann::json::array({"config.BucketVersioning.Status"}));

  std::string arn = "arn:aws:s3:::acme-dev-logs";
  nlohmann::json listed = get_json("/api/v1/assets?id=" + httplib::detail::encode_query_param(arn));
  ASSERT_EQ(listed["items"].size(), 1u);
  nlohmann::json detail =
      get_json("/api/v1/assets/" + std::to_string(listed["items"][0]["key"].get<int64_t>()));
  ASSERT_FALSE(detail["findings"].empty());
  // The store's content is the whole asset: every path starts at one of its members.
  ASSERT_TRUE(detail["config"].contains("config")) << detail["config"].dump();
  size_t with_reads = 0;
  for (const auto& f : detail["findings"]) {
    std::string id = f["policy"]["id"];
    EXPECT_EQ(f["reads"], get_json("/api/v1/policies/" + id)["reads"]) << id;
    for (const auto& path : f["reads"]) {
      std::string p = path;
      std::string top = p.substr(0, p.find_first_of(".["));
      EXPECT_TRUE(detail["config"].contains(top)) << id << ": " << p;
    }
    with_reads += !f["reads"].empty();
  }
  EXPECT_EQ(with_reads, detail["findings"].size()) << detail["findings"].dump();
}

TEST_F(ApiServe, ScanProgressStreamsAsServerSentEvents) {
  // No run in progress: the last run's end, then the stream closes.
  auto idle = get("/api/v1/scans/events");
  ASSERT_TRUE(idle);
  ASSERT_EQ(idle->status, 200) << idle->body;
  EXPECT_EQ(idle->get_header_value("Content-Type"), "text/event-stream");
  std::string retry;
  auto events = parse_events(idle->body, &retry);
  EXPECT_EQ(retry, "5000");
  ASSERT_EQ(events.size(), 1u) << idle->body;
  EXPECT_EQ(events[0].kind, "ended");
  EXPECT_EQ(events[0].data["source"], "estate");
  EXPECT_EQ(events[0].data["outcome"], "completed");
  EXPECT_FALSE(events[0].data["running"]);
  uint64_t before = events[0].data["sequence"];

  // A scan now: streams opened while it runs follow it to its end.
  auto asked = call("POST", "/api/v1/scans", admin_, R"({"source": "estate"})");
  ASSERT_EQ(asked->status, 202);
  std::vector<StreamEvent> seen;
  for (int i = 0; i < 1200; ++i) {
    auto r = get("/api/v1/scans/events");
    ASSERT_TRUE(r);
    for (auto& e : parse_events(r->body, &retry))
      if (e.data["sequence"].get<uint64_t>() > before) seen.push_back(e);
    if (!seen.empty() && seen.back().kind == "ended") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(seen.empty()) << log("serve");
  EXPECT_EQ(seen.back().kind, "ended");
  EXPECT_EQ(seen.back().data["outcome"], "completed");
  uint64_t last = before;
  for (const auto& e : seen) {
    EXPECT_GT(e.data["sequence"].get<uint64_t>(), last) << "events come in order, once each";
    last = e.data["sequence"];
    if (e.kind == "progress") {
      EXPECT_TRUE(e.data["running"]);
      EXPECT_LE(e.data["done"].get<size_t>(), e.data["total"].get<size_t>());
    }
  }
  // A caller limited to groups is refused (a scan covers the whole estate).
  Identity dev = new_user("dora", "viewer", {"dev"});
  EXPECT_EQ(call("GET", "/api/v1/scans/events", dev)->status, 403);
}

TEST_F(ApiServe, ErrorsAreJsonAndNameTheField) {
  nlohmann::json typo = get_json("/api/v1/violations?statsu=open", 400);
  EXPECT_EQ(typo["error"]["code"], "invalid_input");
  EXPECT_EQ(typo["error"]["field"], "statsu");
  EXPECT_EQ(get_json("/api/v1/violations?cursor=k0", 400)["error"]["field"], "cursor");
  EXPECT_EQ(get_json("/api/v1/violations?limit=1001", 400)["error"]["field"], "limit");
  EXPECT_EQ(get_json("/api/v1/violations?limit=1&limit=2", 400)["error"]["field"], "limit");
  nlohmann::json missing = get_json("/api/v1/nothing-here", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
  httplib::Client client("127.0.0.1", port_);
  auto post = client.Post("/api/v1/violations", std::string(2 << 20, 'x'), "application/json");
  ASSERT_TRUE(post);
  EXPECT_GE(post->status, 400);
  EXPECT_LT(post->status, 500);
  EXPECT_EQ(nlohmann::json::parse(post->body, nullptr, false)["error"].is_object(), true)
      << post->body;
}

TEST_F(ApiServe, PagesChainWithoutGapOrRepeat) {
  std::vector<int64_t> all;
  nlohmann::json first = get_json("/api/v1/violations?limit=1000");
  for (const auto& v : first["items"]) all.push_back(v["id"]);
  ASSERT_GT(all.size(), 20u);
  std::vector<int64_t> paged;
  std::string path = "/api/v1/violations?limit=7";
  for (int pages = 0; pages < 1000; ++pages) {
    nlohmann::json page = get_json(path);
    for (const auto& v : page["items"]) paged.push_back(v["id"]);
    if (page["next_cursor"].is_null()) break;
    path = "/api/v1/violations?limit=7&cursor=" + page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(paged, all);

  // Newest first: the same rows, reversed, also across pages.
  std::vector<int64_t> newest;
  path = "/api/v1/violations?limit=9&order=desc";
  for (int pages = 0; pages < 1000; ++pages) {
    nlohmann::json page = get_json(path);
    for (const auto& v : page["items"]) newest.push_back(v["id"]);
    if (page["next_cursor"].is_null()) break;
    path = "/api/v1/violations?limit=9&order=desc&cursor=" + page["next_cursor"].get<std::string>();
  }
  std::reverse(all.begin(), all.end());
  EXPECT_EQ(newest, all);
  EXPECT_EQ(get_json("/api/v1/violations?order=newest", 400)["error"]["field"], "order");

  // Assets page the same way, both orders.
  for (const std::string order : {"asc", "desc"}) {
    std::vector<int64_t> keys, paged_keys;
    nlohmann::json all_assets = get_json("/api/v1/assets?limit=1000&order=" + order);
    for (const auto& a : all_assets["items"]) keys.push_back(a["key"]);
    ASSERT_GT(keys.size(), 100u);
    std::string next = "/api/v1/assets?limit=50&order=" + order;
    for (int pages = 0; pages < 1000; ++pages) {
      nlohmann::json page = get_json(next);
      for (const auto& a : page["items"]) paged_keys.push_back(a["key"]);
      if (page["next_cursor"].is_null()) break;
      next = "/api/v1/assets?limit=50&order=" + order +
             "&cursor=" + page["next_cursor"].get<std::string>();
    }
    EXPECT_EQ(paged_keys, keys) << order;
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()) == (order == "asc")) << order;
  }
}

// Follows next_cursor from `path` (which has a query) to the end: every
// item, in order.
class ApiServePages : public ApiServe {
 protected:
  std::vector<nlohmann::json> all_pages(const std::string& path) {
    std::vector<nlohmann::json> items;
    std::string next = path;
    for (int pages = 0; pages < 1000; ++pages) {
      nlohmann::json page = get_json(next);
      for (const auto& item : page["items"]) items.push_back(item);
      if (page["next_cursor"].is_null()) break;
      next = path + "&cursor=" + page["next_cursor"].get<std::string>();
    }
    return items;
  }
};

TEST_F(ApiServePages, SortedViolationPagesChainInTheirOrder) {
  std::set<int64_t> every;
  nlohmann::json whole = get_json("/api/v1/violations?limit=1000");
  for (const auto& v : whole["items"]) every.insert(v["id"].get<int64_t>());
  ASSERT_GT(every.size(), 20u);
  auto rank = [](const nlohmann::json& v) {
    return store::severity_rank(v["policy"]["severity"].get<std::string>());
  };
  for (const std::string sort : {"severity", "first_seen", "last_change"}) {
    for (const std::string order : {"asc", "desc"}) {
      SCOPED_TRACE(sort + " " + order);
      auto items = all_pages("/api/v1/violations?limit=7&sort=" + sort + "&order=" + order);
      std::set<int64_t> seen;
      for (const auto& v : items) EXPECT_TRUE(seen.insert(v["id"].get<int64_t>()).second);
      EXPECT_EQ(seen, every);  // no row twice, none left out
      for (size_t i = 1; i < items.size(); ++i) {
        const auto& a = items[i - 1];
        const auto& b = items[i];
        // Ties are broken by id, in the same direction.
        auto key = [&](const nlohmann::json& v) {
          return sort == "severity"
                     ? std::pair<std::string, int64_t>{std::to_string(rank(v) + 1), v["id"]}
                     : std::pair<std::string, int64_t>{v[sort], v["id"]};
        };
        if (order == "asc")
          EXPECT_LT(key(a), key(b));
        else
          EXPECT_GT(key(a), key(b));
      }
      if (sort == "severity" && order == "desc") EXPECT_EQ(rank(items.front()), 4);
    }
  }
  EXPECT_EQ(get_json("/api/v1/violations?sort=name", 400)["error"]["field"], "sort");
  // A cursor belongs to its sort.
  std::string by_severity =
      get_json("/api/v1/violations?limit=1&sort=severity")["next_cursor"].get<std::string>();
  EXPECT_EQ(
      get_json("/api/v1/violations?sort=first_seen&cursor=" + by_severity, 400)["error"]["field"],
      "cursor");
  EXPECT_EQ(get_json("/api/v1/violations?cursor=" + by_severity, 400)["error"]["field"], "cursor");
}

TEST_F(ApiServePages, ScansAuditAndExceptionsPageByCursor) {
  scan_again();
  for (const std::string list : {"scans", "audit"}) {
    SCOPED_TRACE(list);
    nlohmann::json whole = get_json("/api/v1/" + list + "?limit=1000");
    ASSERT_GE(whole["items"].size(), 2u);
    EXPECT_TRUE(whole["next_cursor"].is_null());
    auto paged = all_pages("/api/v1/" + list + "?limit=1");
    ASSERT_EQ(paged.size(), whole["items"].size());
    for (size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i]["id"], whole["items"][i]["id"]);
    EXPECT_EQ(get_json("/api/v1/" + list + "?cursor=zz", 400)["error"]["field"], "cursor");
  }
  // Three exceptions expiring in 30, 10 and 20 days: by expiry, soonest first.
  nlohmann::json violations = get_json("/api/v1/violations?status=open&limit=3");
  ASSERT_EQ(violations["items"].size(), 3u);
  int days[] = {30, 10, 20};
  for (int i = 0; i < 3; ++i) {
    const auto& v = violations["items"][i];
    auto r = call("POST", "/api/v1/exceptions", admin_,
                  nlohmann::json{{"policy", v["policy"]["id"]},
                                 {"asset", v["asset"]["id"]},
                                 {"reason", "accepted for the test"},
                                 {"expires_in_days", days[i]}}
                      .dump());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
  }
  auto soonest = all_pages("/api/v1/exceptions?limit=1&sort=expires");
  ASSERT_EQ(soonest.size(), 3u);
  EXPECT_LT(soonest[0]["expires"].get<std::string>(), soonest[1]["expires"].get<std::string>());
  EXPECT_LT(soonest[1]["expires"].get<std::string>(), soonest[2]["expires"].get<std::string>());
  auto latest = all_pages("/api/v1/exceptions?limit=2&sort=expires&order=desc");
  ASSERT_EQ(latest.size(), 3u);
  EXPECT_EQ(latest[0]["id"], soonest[2]["id"]);
  auto by_id = all_pages("/api/v1/exceptions?limit=2");
  ASSERT_EQ(by_id.size(), 3u);
  EXPECT_LT(by_id[0]["id"].get<int64_t>(), by_id[1]["id"].get<int64_t>());
  EXPECT_EQ(get_json("/api/v1/exceptions?sort=owner", 400)["error"]["field"], "sort");
}

TEST_F(ApiServePages, ExportsDownloadTheWholeFilteredList) {
  std::vector<nlohmann::json> open = all_pages("/api/v1/violations?status=open&limit=1000");
  ASSERT_GT(open.size(), 10u);
  // json: the same findings, in the same order, as the list.
  auto json_export = get("/api/v1/violations/export?format=json&status=open");
  ASSERT_TRUE(json_export);
  ASSERT_EQ(json_export->status, 200) << json_export->body;
  EXPECT_EQ(json_export->get_header_value("Content-Type"), "application/json");
  EXPECT_NE(json_export->get_header_value("Content-Disposition")
                .find("attachment; filename=\"vigil-violations-"),
            std::string::npos);
  nlohmann::json downloaded = nlohmann::json::parse(json_export->body);
  ASSERT_EQ(downloaded.size(), open.size());
  for (size_t i = 0; i < open.size(); ++i) EXPECT_EQ(downloaded[i], open[i]);
  // csv: a header and one row per violation, in the sort asked for.
  auto csv = get("/api/v1/violations/export?format=csv&status=open&sort=severity&order=desc");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  std::string header = csv->body.substr(0, csv->body.find('\n'));
  EXPECT_EQ(header.rfind("id,status,severity,category,policy,account,", 0), 0u) << header;
  for (const auto& v : open)  // a row per violation (messages may span lines: found by id)
    EXPECT_NE(csv->body.find("\n" + std::to_string(v["id"].get<int64_t>()) + ",open,"),
              std::string::npos)
        << v["id"];
  std::string first = csv->body.substr(header.size() + 1, 200);
  EXPECT_NE(first.find(",open,critical,"), std::string::npos) << first;
  // sarif: one document, one result per violation.
  auto sarif = get("/api/v1/violations/export?format=sarif&status=open");
  ASSERT_TRUE(sarif);
  ASSERT_EQ(sarif->status, 200) << sarif->body.substr(0, 500);
  EXPECT_EQ(sarif->get_header_value("Content-Type"), "application/sarif+json");
  nlohmann::json doc = nlohmann::json::parse(sarif->body);
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_EQ(doc["runs"][0]["results"].size(), open.size());
  auto junit = get("/api/v1/violations/export?format=junit&severity=critical");
  ASSERT_TRUE(junit);
  EXPECT_EQ(junit->status, 200);
  EXPECT_NE(junit->body.find("<testsuites"), std::string::npos);
  // A group-limited viewer exports only its group's violations.
  Identity viewer = new_user("export-viewer", "viewer", {"dev"});
  auto scoped = call("GET", "/api/v1/violations/export?format=json", viewer);
  ASSERT_TRUE(scoped);
  ASSERT_EQ(scoped->status, 200) << scoped->body;
  nlohmann::json in_group = nlohmann::json::parse(scoped->body);
  auto listed = call("GET", "/api/v1/violations?limit=1000", viewer);
  ASSERT_TRUE(listed);
  EXPECT_EQ(in_group.size(), nlohmann::json::parse(listed->body)["items"].size());
  EXPECT_LT(in_group.size(), get_json("/api/v1/violations?limit=1000")["items"].size());
  // Errors are JSON and name the parameter.
  EXPECT_EQ(get_json("/api/v1/violations/export", 400)["error"]["field"], "format");
  EXPECT_EQ(get_json("/api/v1/violations/export?format=pdf", 400)["error"]["field"], "format");
  EXPECT_EQ(get_json("/api/v1/violations/export?format=csv&limit=5", 400)["error"]["field"],
            "limit");
  EXPECT_EQ(get_json("/api/v1/violations/export?format=csv&sort=x", 400)["error"]["field"], "sort");
}

}  // namespace
}  // namespace vigil::testing
