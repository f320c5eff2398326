// The HTTP API of `vigil serve`, against the real process and a real store:
// every route of docs/api/openapi.json is called, and every response is
// validated against the document's schema (tests/api/validate_responses.py);
// errors are JSON with the right status; pages chain without gap or repeat.
#include "api_serve_fixture.h"

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
  record("/api/v1/scans", "/api/v1/scans?limit=10");
  record("/api/v1/scans/{id}", "/api/v1/scans/" + scan);
  record("/api/v1/scans/{id}", "/api/v1/scans/424242", 404);
  record("/api/v1/exceptions", "/api/v1/exceptions?include_inactive=true");
  record("/api/v1/audit", "/api/v1/audit?limit=20");
  record("/api/v1/violations", "/api/v1/violations?cursor=zz", 400);
  record("/api/v1/violations", "/api/v1/violations?limit=0", 400);
  record("/api/v1/violations", "/api/v1/violations?statsu=open", 400);
  record("/api/v1/violations", "/api/v1/violations?status=opne", 400);

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

  // Every documented operation was called.
  nlohmann::json document = nlohmann::json::parse(std::ifstream(kOpenApi));
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, _] : operations.items())
      EXPECT_TRUE(covered_.count(method + " " + path))
          << method << " " << path << " is documented but not tested";
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
}

}  // namespace
}  // namespace vigil::testing
