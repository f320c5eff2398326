// The HTTP API of `vigil serve`, against the real process and a real store:
// every route of docs/api/openapi.json is called, and every response is
// validated against the document's schema (tests/api/validate_responses.py);
// errors are JSON with the right status; pages chain without gap or repeat.
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "../connectors/run_command.h"
#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

const std::string kOpenApi = std::string(VIGIL_SOURCE_DIR) + "/docs/api/openapi.json";

class ApiServe : public TrackerCli {
 protected:
  void SetUp() override {
    TrackerCli::SetUp();
    if (IsSkipped()) return;
    std::string config = "store: " + db_ +
                         "\n"
                         "sources:\n"
                         "  - name: estate\n"
                         "    kind: capture\n"
                         "    path: " +
                         std::string(VIGIL_SOURCE_DIR) +
                         "/examples/estate\n"
                         "    cadence: {interval: 6h}\n"
                         "groups:\n"
                         "  - name: dev\n"
                         "    accounts: [\"222222222222\"]\n";
    fs::path cfg = write("vigil.yaml", config);
    pid_ = start({"serve", "--config", cfg.string(), "--threads", "1", "--listen", "127.0.0.1:0"},
                 "serve");
    // The log names the port; then the first scan is recorded (safeguard bounds, not timings).
    std::regex listening("API on http://127\\.0\\.0\\.1:([0-9]+)/");
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::smatch m;
      std::string err = log("serve");
      if (std::regex_search(err, m, listening)) port_ = std::stoi(m[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(port_, 0) << log("serve");
    for (int i = 0; i < 1200; ++i) {
      auto r = get("/api/v1/scans");
      if (r && r->status == 200 && nlohmann::json::parse(r->body)["items"].size() > 0 &&
          nlohmann::json::parse(r->body)["items"][0]["state"] == "completed")
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "no scan recorded:\n" << log("serve");
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      EXPECT_EQ(wait(pid_), 0) << log("serve");
    }
    TrackerCli::TearDown();
  }
  httplib::Result get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60, 0);
    return client.Get(path);
  }
  nlohmann::json get_json(const std::string& path, int status = 200) {
    auto r = get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return {};
    EXPECT_EQ(r->status, status) << path << "\n" << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    return nlohmann::json::parse(r->body, nullptr, false);
  }
  // Records a response for the schema check at the end of the test.
  void record(const std::string& documented_path, const std::string& path, int status = 200) {
    auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, status) << path << "\n" << r->body;
    fs::path body = dir_ / ("response-" + std::to_string(manifest_.size()) + ".json");
    std::ofstream(body) << r->body;
    manifest_.push_back({{"path", documented_path},
                         {"method", "get"},
                         {"status", r->status},
                         {"body", body.string()}});
    covered_.insert(documented_path);
  }
  void validate_recorded() {
    fs::path manifest = dir_ / "manifest.json";
    std::ofstream(manifest) << manifest_.dump();
    auto r = aws::testing::run_command("python3 '" + std::string(VIGIL_SOURCE_DIR) +
                                           "/tests/api/validate_responses.py' '" + kOpenApi +
                                           "' '" + manifest.string() + "'",
                                       aws::testing::Stderr::Merge);
    EXPECT_EQ(r.status, 0) << r.out;
  }

  pid_t pid_ = 0;
  int port_ = 0;
  nlohmann::json manifest_ = nlohmann::json::array();
  std::set<std::string> covered_;
};

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
  validate_recorded();

  // Every documented path was called.
  nlohmann::json document = nlohmann::json::parse(std::ifstream(kOpenApi));
  for (const auto& [path, _] : document["paths"].items())
    EXPECT_TRUE(covered_.count(path)) << path << " is documented but not tested";
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
