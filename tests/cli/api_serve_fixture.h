// A running `vigil serve` over a real store, for the API tests: the first
// scan of the sample estate is recorded, and the test is signed in as the
// first admin (whose one-time password, printed by serve at first start, it
// changes as a user would). Identities carry a session (cookie and CSRF
// token) or an API token; calls are made as one of them.
#pragma once

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "../connectors/run_command.h"
#include "tracker_cli_fixture.h"

namespace vigil::testing {

const std::string kOpenApi = std::string(VIGIL_SOURCE_DIR) + "/docs/api/openapi.json";

struct Identity {
  std::string cookie;  // "vigil_session=..."
  std::string csrf;
  std::string token;  // "vgl_..."
};

class ApiServe : public TrackerCli {
 protected:
  void SetUp() override {
    TrackerCli::SetUp();
    if (IsSkipped()) return;
    // A copy of the sample estate: a test may change it and scan again.
    estate_ = dir_ / "estate";
    fs::copy(std::string(VIGIL_SOURCE_DIR) + "/examples/estate", estate_,
             fs::copy_options::recursive);
    std::string config = "store: " + db_ + "\n" + sources_config() +
                         "groups:\n"
                         "  - name: dev\n"
                         "    accounts: [\"222222222222\"]\n" +
                         extra_config();
    fs::path cfg = write("vigil.yaml", config);
    pid_ = start({"serve", "--config", cfg.string(), "--threads", "1", "--listen", "127.0.0.1:0"},
                 "serve");
    // The log names the port and the first admin's one-time password; then
    // the first scan is recorded (safeguard bounds, not timings).
    std::regex listening("API on http://127\\.0\\.0\\.1:([0-9]+)/");
    std::regex one_time("one-time password ([A-Za-z0-9_-]+) ");
    std::string password;
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::smatch m;
      std::string err = log("serve");
      if (std::regex_search(err, m, one_time)) password = m[1];
      if (std::regex_search(err, m, listening)) port_ = std::stoi(m[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(port_, 0) << log("serve");
    ASSERT_FALSE(password.empty()) << log("serve");
    Identity first = sign_in("admin", password);
    ASSERT_FALSE(first.cookie.empty());
    auto changed = call(
        "POST", "/api/v1/session/password", first,
        nlohmann::json{{"current_password", password}, {"new_password", kAdminPassword}}.dump());
    ASSERT_TRUE(changed && changed->status == 200) << (changed ? changed->body : "no answer");
    admin_ = sign_in("admin", kAdminPassword);
    ASSERT_FALSE(admin_.cookie.empty());
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

  static constexpr const char* kAdminPassword = "the admin's own password";

  // Asks for a scan of the estate now and waits until it is recorded
  // (safeguard bound, not a timing): returns the completed scans' count.
  size_t scan_again() {
    size_t before = get_json("/api/v1/scans")["items"].size();
    auto asked = call("POST", "/api/v1/scans", admin_, R"({"source": "estate"})");
    EXPECT_TRUE(asked && asked->status == 202) << (asked ? asked->body : "no answer");
    for (int i = 0; i < 1200; ++i) {
      nlohmann::json scans = get_json("/api/v1/scans");
      if (scans["items"].size() > before && scans["items"][0]["state"] == "completed")
        return scans["items"].size();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no second scan recorded:\n" << log("serve");
    return before;
  }
  // GET `path` until `ready` holds for its JSON (the search index follows a
  // scan's recording by moments; safeguard bound).
  nlohmann::json get_json_when(const std::string& path,
                               const std::function<bool(const nlohmann::json&)>& ready) {
    nlohmann::json out;
    for (int i = 0; i < 600; ++i) {
      out = get_json(path);
      if (ready(out)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return out;
  }
  // More top-level sections of vigil.yaml (a derived fixture's).
  virtual std::string extra_config() const { return ""; }
  // The `sources:` section (default: the copy of the sample estate).
  virtual std::string sources_config() const {
    return "sources:\n  - name: estate\n    kind: capture\n    path: " + estate_.string() +
           "\n    cadence: {interval: 6h}\n";
  }

  // POST /api/v1/session; an empty identity when refused.
  Identity sign_in(const std::string& user, const std::string& password, int* status = nullptr) {
    httplib::Client client("127.0.0.1", port_);
    auto r = client.Post("/api/v1/session",
                         nlohmann::json{{"user", user}, {"password", password}}.dump(),
                         "application/json");
    if (status) *status = r ? r->status : -1;
    Identity id;
    if (!r || r->status != 201) return id;
    std::string cookie = r->get_header_value("Set-Cookie");
    id.cookie = cookie.substr(0, cookie.find(';'));
    id.csrf = nlohmann::json::parse(r->body)["csrf_token"];
    return id;
  }
  // A new user of `role` (and groups), signed in with their own password.
  Identity new_user(const std::string& name, const std::string& role,
                    std::vector<std::string> groups = {}) {
    auto made = call(
        "POST", "/api/v1/users", admin_,
        nlohmann::json{
            {"name", name}, {"role", role}, {"groups", groups}, {"password", "one-time pass 123"}}
            .dump());
    EXPECT_TRUE(made && made->status == 201) << (made ? made->body : "no answer");
    Identity first = sign_in(name, "one-time pass 123");
    auto changed = call("POST", "/api/v1/session/password", first,
                        nlohmann::json{{"current_password", "one-time pass 123"},
                                       {"new_password", name + "'s password"}}
                            .dump());
    EXPECT_TRUE(changed && changed->status == 200) << (changed ? changed->body : "no answer");
    return sign_in(name, name + "'s password");
  }
  // METHOD PATH as `who` (a session sends its CSRF token unless told not to).
  httplib::Result call(const std::string& method, const std::string& path, const Identity& who,
                       const std::string& body = "", bool send_csrf = true) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60, 0);
    httplib::Headers headers;
    if (!who.cookie.empty()) headers.emplace("Cookie", who.cookie);
    if (!who.csrf.empty() && send_csrf) headers.emplace("X-CSRF-Token", who.csrf);
    if (!who.token.empty()) headers.emplace("Authorization", "Bearer " + who.token);
    if (method == "GET") return client.Get(path, headers);
    if (method == "DELETE") return client.Delete(path, headers, body, "application/json");
    if (method == "PATCH") return client.Patch(path, headers, body, "application/json");
    return client.Post(path, headers, body, "application/json");
  }
  httplib::Result get(const std::string& path) { return call("GET", path, admin_); }
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
  nlohmann::json record(const std::string& documented_path, const std::string& path,
                        int status = 200, const std::string& method = "GET",
                        const std::string& body = "", const Identity* who = nullptr) {
    auto r = call(method, path, who ? *who : admin_, body);
    EXPECT_TRUE(r) << path;
    if (!r) return {};
    EXPECT_EQ(r->status, status) << method << " " << path << "\n" << r->body;
    fs::path file = dir_ / ("response-" + std::to_string(manifest_.size()) + ".json");
    std::ofstream(file) << r->body;
    std::string lower = method;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    manifest_.push_back({{"path", documented_path},
                         {"method", lower},
                         {"status", r->status},
                         {"body", file.string()}});
    covered_.insert(lower + " " + documented_path);
    return nlohmann::json::parse(r->body, nullptr, false);
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
  fs::path estate_;
  Identity admin_;
  nlohmann::json manifest_ = nlohmann::json::array();
  std::set<std::string> covered_;
};

}  // namespace vigil::testing
