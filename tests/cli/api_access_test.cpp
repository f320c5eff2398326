// Access control of the HTTP API against a real `vigil serve`: the
// authorization matrix (every documented operation x no caller, each role,
// a session without its CSRF token), API tokens, sign-in throttling, and the
// audit trail of changes and refusals.
#include "api_serve_fixture.h"

namespace vigil::testing {
namespace {

// Operation paths with their {parameters} filled with harmless values: ids
// and names that do not exist, so allowed callers get a 4xx of the handler
// (never a change) and refused ones a 401/403 before it.
std::string concrete(const std::string& path) {
  std::string out = std::regex_replace(path, std::regex("\\{id\\}"), "987654");
  out = std::regex_replace(out, std::regex("\\{name\\}"), "nobody");
  out = std::regex_replace(out, std::regex("\\{key\\}|\\{version\\}"), "987654");
  return out;
}

int rank(const std::string& access) {
  if (access == "viewer") return 1;
  if (access == "operator") return 2;
  if (access == "admin") return 3;
  return 0;  // public, signed-in
}

TEST_F(ApiServe, EveryOperationAnswersEachRoleAsItsAccessSays) {
  std::map<std::string, Identity> callers = {{"viewer", new_user("vic", "viewer")},
                                             {"operator", new_user("olga", "operator")},
                                             {"admin", admin_}};
  nlohmann::json document = nlohmann::json::parse(std::ifstream(kOpenApi));
  int checked = 0;
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method_lower, op] : operations.items()) {
      std::string access = op["x-vigil-access"];
      std::string method = method_lower;
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (access == "public" || (method == "DELETE" && path == "/api/v1/session")) continue;
      std::string url = concrete(path);
      std::string body = method == "GET" ? "" : "{}";
      std::string what = method + " " + url;

      auto anonymous = call(method, url, Identity{}, body);
      ASSERT_TRUE(anonymous) << what;
      EXPECT_EQ(anonymous->status, 401) << what << " with no caller";
      EXPECT_FALSE(anonymous->get_header_value("WWW-Authenticate").empty()) << what;

      for (const auto& [role, who] : callers) {
        auto r = call(method, url, who, body);
        ASSERT_TRUE(r) << what;
        if (rank(role) >= rank(access))
          EXPECT_TRUE(r->status != 401 && r->status != 403)
              << what << " as " << role << ": " << r->body;
        else
          EXPECT_EQ(r->status, 403) << what << " as " << role << ": " << r->body;
        if (method != "GET" && rank(role) >= rank(access)) {
          auto forged = call(method, url, who, body, /*send_csrf=*/false);
          ASSERT_TRUE(forged) << what;
          EXPECT_EQ(forged->status, 403) << what << " as " << role << " without its CSRF token";
          EXPECT_EQ(nlohmann::json::parse(forged->body)["error"]["code"], "csrf") << what;
        }
        ++checked;
      }
    }
  EXPECT_GT(checked, 60);
}

TEST_F(ApiServe, EveryPublicOperationAnswersAnAnonymousCaller) {
  nlohmann::json document = nlohmann::json::parse(std::ifstream(kOpenApi));
  int checked = 0;
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method_lower, op] : operations.items()) {
      if (op["x-vigil-access"] != "public") continue;
      std::string method = method_lower;
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      auto r = call(method, concrete(path), Identity{}, method == "GET" ? "" : "{}");
      ASSERT_TRUE(r) << method << " " << path;
      EXPECT_TRUE(r->status != 401 && r->status != 403) << method << " " << path << ": " << r->body;
      ++checked;
    }
  EXPECT_GE(checked, 6);  // health, readiness, the document, sign-in, single sign-on (2)
}

TEST_F(ApiServe, ATokenWorksWithoutCsrfUntilItIsRevokedAndNeverAboveItsRole) {
  auto made = call("POST", "/api/v1/tokens", admin_, R"({"name": "automation", "role": "viewer"})");
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");
  nlohmann::json token = nlohmann::json::parse(made->body);
  Identity bearer;
  bearer.token = token["token"];
  EXPECT_EQ(call("GET", "/api/v1/violations?limit=1", bearer)->status, 200);
  EXPECT_EQ(call("GET", "/api/v1/session", bearer)->status, 200);
  EXPECT_EQ(call("GET", "/api/v1/users", bearer)->status, 403);  // a viewer token of an admin
  // The secret is never listed again.
  auto listed = call("GET", "/api/v1/tokens", admin_);
  EXPECT_EQ(listed->body.find(token["token"].get<std::string>()), std::string::npos);
  auto revoked =
      call("DELETE", "/api/v1/tokens/" + std::to_string(token["id"].get<int64_t>()), admin_);
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_EQ(call("GET", "/api/v1/violations?limit=1", bearer)->status, 401);
  Identity forged;
  forged.token = "vgl_" + std::string(43, 'A');
  EXPECT_EQ(call("GET", "/api/v1/violations?limit=1", forged)->status, 401);
  Identity basic;
  basic.cookie = "";
  httplib::Client client("127.0.0.1", port_);
  auto r = client.Get("/api/v1/violations", {{"Authorization", "Basic YWRtaW46eA=="}});
  EXPECT_EQ(r->status, 401);
}

TEST_F(ApiServe, AOneTimePasswordOpensOnlyThePasswordChange) {
  auto made = call("POST", "/api/v1/users", admin_,
                   R"({"name": "newbie", "password": "given by the admin"})");
  ASSERT_EQ(made->status, 201) << made->body;
  Identity first = sign_in("newbie", "given by the admin");
  ASSERT_FALSE(first.cookie.empty());
  auto me = call("GET", "/api/v1/session", first);
  EXPECT_EQ(nlohmann::json::parse(me->body)["must_change_password"], true);
  auto refused = call("GET", "/api/v1/summary", first);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(nlohmann::json::parse(refused->body)["error"]["code"], "password_change_required");
  auto weak = call("POST", "/api/v1/session/password", first,
                   R"({"current_password": "given by the admin", "new_password": "short"})");
  EXPECT_EQ(weak->status, 400);
  EXPECT_EQ(nlohmann::json::parse(weak->body)["error"]["field"], "new_password");
  auto changed =
      call("POST", "/api/v1/session/password", first,
           R"({"current_password": "given by the admin", "new_password": "my own good password"})");
  ASSERT_EQ(changed->status, 200) << changed->body;
  EXPECT_EQ(call("GET", "/api/v1/summary", first)->status, 401);  // that session ended
  Identity own = sign_in("newbie", "my own good password");
  EXPECT_EQ(call("GET", "/api/v1/summary", own)->status, 200);
}

TEST_F(ApiServe, SessionCookiesAreHttpOnlyAndStrict) {
  httplib::Client client("127.0.0.1", port_);
  auto r = client.Post("/api/v1/session",
                       nlohmann::json{{"user", "admin"}, {"password", kAdminPassword}}.dump(),
                       "application/json");
  ASSERT_EQ(r->status, 201);
  std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  // Not JSON, or not a JSON object: 415 and 400, never a session.
  EXPECT_EQ(
      client.Post("/api/v1/session", "user=admin", "application/x-www-form-urlencoded")->status,
      415);
  EXPECT_EQ(client.Post("/api/v1/session", "[1,2]", "application/json")->status, 400);
  EXPECT_EQ(client.Post("/api/v1/session", "{\"user\":", "application/json")->status, 400);
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(client.Post("/api/v1/session", "{\"user\":" + deep + "}", "application/json")->status,
            400);
}

TEST_F(ApiServe, RepeatedFailedSignInsAreThrottledAndAudited) {
  int status = 0;
  for (int i = 0; i < 5; ++i) {
    sign_in("admin", "guess number " + std::to_string(i), &status);
    EXPECT_EQ(status, 401);
  }
  httplib::Client client("127.0.0.1", port_);
  auto r = client.Post("/api/v1/session",
                       nlohmann::json{{"user", "admin"}, {"password", kAdminPassword}}.dump(),
                       "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429) << "even the right password waits";
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  // The refusals are in the audit log, with where they came from.
  nlohmann::json audit = get_json("/api/v1/audit?limit=50");
  int refused = 0;
  for (const auto& e : audit["items"])
    if (e["action"] == "session.refused") {
      ++refused;
      EXPECT_EQ(e["details"]["from"], "127.0.0.1");
    }
  EXPECT_EQ(refused, 5);
}

TEST_F(ApiServe, ChangesAndRefusalsAreAuditedWithWhoAndWhere) {
  Identity viewer = new_user("vic", "viewer");
  EXPECT_EQ(call("POST", "/api/v1/tokens", viewer, R"({"name": "x"})")->status, 403);
  nlohmann::json audit = get_json("/api/v1/audit?limit=50");
  std::set<std::string> actions;
  for (const auto& e : audit["items"]) {
    actions.insert(e["action"].get<std::string>());
    if (e["action"] == "request.refused") {
      EXPECT_EQ(e["actor"], "vic");
      EXPECT_EQ(e["object"], "POST /api/v1/tokens");
      EXPECT_EQ(e["details"]["code"], "forbidden");
    }
  }
  for (const char* a : {"user.add", "user.password", "session.start", "request.refused"})
    EXPECT_TRUE(actions.count(a)) << a << " not audited: " << audit.dump(1);
}

TEST_F(ApiServe, ACallerLimitedToAGroupSeesOnlyThatGroup) {
  Identity dev = new_user("dana", "operator", {"dev"});  // dev: account 222222222222
  nlohmann::json mine =
      nlohmann::json::parse(call("GET", "/api/v1/violations?limit=1000", dev)->body);
  nlohmann::json theirs = get_json("/api/v1/violations?group=dev&limit=1000");
  nlohmann::json all = get_json("/api/v1/violations?limit=1000");
  ASSERT_FALSE(mine["items"].empty());
  EXPECT_EQ(mine["items"].size(), theirs["items"].size());
  EXPECT_LT(mine["items"].size(), all["items"].size());
  for (const auto& v : mine["items"]) EXPECT_EQ(v["asset"]["account"], "222222222222") << v.dump();
  // Filters cannot widen the scope; an id outside it does not exist.
  nlohmann::json other = get_json("/api/v1/violations?account=111111111111&limit=1");
  ASSERT_FALSE(other["items"].empty());
  EXPECT_TRUE(nlohmann::json::parse(
                  call("GET", "/api/v1/violations?account=111111111111", dev)->body)["items"]
                  .empty());
  std::string outside =
      "/api/v1/violations/" + std::to_string(other["items"][0]["id"].get<int64_t>());
  EXPECT_EQ(call("GET", outside, dev)->status, 404);
  std::string inside =
      "/api/v1/violations/" + std::to_string(mine["items"][0]["id"].get<int64_t>());
  EXPECT_EQ(call("GET", inside, dev)->status, 200);

  // Assets and search: the group's only; another's asset does not exist.
  nlohmann::json my_assets =
      nlohmann::json::parse(call("GET", "/api/v1/assets?limit=1000", dev)->body);
  ASSERT_FALSE(my_assets["items"].empty());
  for (const auto& a : my_assets["items"]) EXPECT_EQ(a["account"], "222222222222") << a.dump();
  EXPECT_TRUE(
      nlohmann::json::parse(call("GET", "/api/v1/assets?account=111111111111", dev)->body)["items"]
          .empty());
  nlohmann::json their_assets = get_json("/api/v1/assets?account=111111111111&limit=1");
  std::string their_key = std::to_string(their_assets["items"][0]["key"].get<int64_t>());
  for (const std::string& path :
       {"/api/v1/assets/" + their_key, "/api/v1/assets/" + their_key + "/versions/1",
        "/api/v1/assets/" + their_key + "/diff?from=1&to=1"})
    EXPECT_EQ(call("GET", path, dev)->status, 404) << path;
  EXPECT_EQ(
      call("GET", "/api/v1/assets/" + std::to_string(my_assets["items"][0]["key"].get<int64_t>()),
           dev)
          ->status,
      200);
  // "acme" names assets of every account: the search keeps to the group.
  nlohmann::json everyone = get_json_when(
      "/api/v1/search?q=acme&limit=100",
      [](const nlohmann::json& j) { return j.contains("items") && j["items"].size() > 1; });
  nlohmann::json searched =
      nlohmann::json::parse(call("GET", "/api/v1/search?q=acme&limit=100", dev)->body);
  ASSERT_FALSE(searched["items"].empty());
  for (const auto& hit : searched["items"])
    if (hit["kind"] == "asset")
      EXPECT_NE(hit["detail"].get<std::string>().find("222222222222"), std::string::npos)
          << hit.dump();
  EXPECT_LT(searched["items"].size(), everyone["items"].size());
  nlohmann::json my_groups = nlohmann::json::parse(call("GET", "/api/v1/groups", dev)->body);
  ASSERT_EQ(my_groups["items"].size(), 1u);
  EXPECT_EQ(call("GET", "/api/v1/trend?dimension=group&key=dev", dev)->status, 200);
  EXPECT_EQ(call("GET", "/api/v1/trend", dev)->status, 403);
  EXPECT_EQ(call("GET", "/api/v1/sources", dev)->status, 403);

  // Scores: only the group's row.
  nlohmann::json summary = nlohmann::json::parse(call("GET", "/api/v1/summary", dev)->body);
  EXPECT_TRUE(summary["overall"].is_null());
  EXPECT_EQ(summary["scope"], nlohmann::json::array({"dev"}));
  for (const auto& row : summary["group"]) EXPECT_EQ(row["key"], "dev");
  EXPECT_TRUE(summary["account"].empty());
  // Estate-wide data is refused.
  for (const char* path : {"/api/v1/scans", "/api/v1/frameworks/cis-aws-3.0"}) {
    auto r = call("GET", path, dev);
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_EQ(nlohmann::json::parse(r->body)["error"]["code"], "out_of_scope") << path;
  }

  // Exceptions: granted only inside the scope, listed only inside it.
  auto grant = [&](const Identity& who, const nlohmann::json& v) {
    return call("POST", "/api/v1/exceptions", who,
                nlohmann::json{{"policy", v["policy"]["id"]},
                               {"asset", v["asset"]["id"]},
                               {"reason", "accepted"},
                               {"expires_in_days", 7}}
                    .dump());
  };
  auto refused = grant(dev, other["items"][0]);
  EXPECT_EQ(refused->status, 403) << refused->body;
  auto by_admin = grant(admin_, other["items"][0]);
  ASSERT_EQ(by_admin->status, 201) << by_admin->body;
  auto by_dev = grant(dev, mine["items"][0]);
  ASSERT_EQ(by_dev->status, 201) << by_dev->body;
  nlohmann::json listed = nlohmann::json::parse(call("GET", "/api/v1/exceptions", dev)->body);
  ASSERT_EQ(listed["items"].size(), 1u) << listed.dump();
  EXPECT_EQ(listed["items"][0]["asset"], mine["items"][0]["asset"]["id"]);
  EXPECT_EQ(get_json("/api/v1/exceptions")["items"].size(), 2u);
  std::string admins = "/api/v1/exceptions/" +
                       std::to_string(nlohmann::json::parse(by_admin->body)["id"].get<int64_t>());
  EXPECT_EQ(call("DELETE", admins, dev, R"({"reason": "not mine"})")->status, 404);

  // A group-limited admin cannot widen anyone's access, theirs included.
  Identity limited_admin = new_user("ada", "admin", {"dev"});
  auto widened = call("POST", "/api/v1/users", limited_admin,
                      R"({"name": "eve", "role": "admin", "password": "a long enough password"})");
  EXPECT_EQ(widened->status, 403) << widened->body;
  EXPECT_EQ(call("PATCH", "/api/v1/users/ada", limited_admin, R"({"groups": []})")->status, 403);
  auto token =
      call("POST", "/api/v1/tokens", limited_admin, R"({"name": "wide", "groups": ["prod"]})");
  EXPECT_EQ(token->status, 400) << token->body;  // outside their groups
}

}  // namespace
}  // namespace vigil::testing
