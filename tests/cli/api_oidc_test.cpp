// Single sign-on end to end: a real `vigil serve` configured for OpenID
// Connect against a local provider the test starts (tests/auth/oidc_issuer.py),
// driven the way a browser is: start at Vigil, follow the redirect to the
// provider (which approves at once as the user the test chose), follow its
// redirect back to Vigil's callback with the binding cookie, use the session.
//
// The provider's redirect_uri names no port (Vigil listens on a free one);
// the test takes the code and state from it and calls the real port.
#include "../auth/oidc_issuer.h"
#include "api_serve_fixture.h"

namespace vigil::testing {
namespace {

constexpr const char* kClientId = "vigil-test";
constexpr const char* kSecret = "the client's secret: with ~odd~ chars &=+";

struct SsoAnswer {
  int status = 0;
  nlohmann::json body;
  Identity who;          // the session, when signed in
  std::string location;  // Vigil's Location
};

class ApiOidc : public ApiServe {
 protected:
  void SetUp() override {
    if (!OidcIssuer::available()) GTEST_SKIP() << "python3-cryptography is not installed";
    ASSERT_EQ(issuer_.start(), "");
    ::setenv("VIGIL_TEST_OIDC_SECRET", kSecret, 1);
    ApiServe::SetUp();
  }

  std::string extra_config() const override {
    return "auth:\n"
           "  oidc:\n"
           "    issuer: " +
           issuer_.url() +
           "\n"
           "    client_id: " +
           kClientId +
           "\n"
           "    client_secret_env: VIGIL_TEST_OIDC_SECRET\n"
           "    redirect_uri: http://localhost/api/v1/session/oidc/callback\n"
           "    roles_claim: roles\n"
           "    groups_claim: groups\n"
           "    role_map: {vigil-admins: admin, secops: operator, engineering: viewer}\n"
           "    group_map: {dev-team: dev}\n"
           "    unrestricted_values: [vigil-admins, secops]\n";
  }

  // The browser's part up to the provider's redirect back: Vigil's start,
  // then the provider's approval as `claims` (with `fault`). Returns the
  // callback's query ("?code=...&state=...") and the binding cookie.
  std::pair<std::string, std::string> approve(const nlohmann::json& claims,
                                              const std::string& fault = "") {
    httplib::Client vigil("127.0.0.1", port_);
    auto start = vigil.Get("/api/v1/session/oidc");
    EXPECT_TRUE(start && start->status == 302) << (start ? start->body : "no answer");
    if (!start || start->status != 302) return {};
    // cpp-httplib's client percent-decodes a Location header as it reads
    // it; the body carries the URL as sent.
    std::string location = nlohmann::json::parse(start->body)["location"];
    EXPECT_TRUE(start->get_header_value("Location").starts_with(issuer_.url() + "/authorize?"));
    EXPECT_TRUE(location.starts_with(issuer_.url() + "/authorize?")) << location;
    for (const char* p : {"code_challenge_method=S256", "code_challenge=", "nonce=", "state=",
                          "scope=openid%20email%20profile", "client_id=vigil-test"})
      EXPECT_NE(location.find(p), std::string::npos) << p << " in " << location;
    std::string binding = start->get_header_value("Set-Cookie");
    EXPECT_NE(binding.find("HttpOnly; SameSite=Lax"), std::string::npos) << binding;
    binding = binding.substr(0, binding.find(';'));
    std::string path = location.substr(issuer_.url().size()) +
                       "&x_claims=" + httplib::detail::encode_query_param(claims.dump()) +
                       (fault.empty() ? "" : "&x_fault=" + fault);
    httplib::Client provider("127.0.0.1", issuer_.port());
    auto approved = provider.Get(path);
    EXPECT_TRUE(approved && approved->status == 302) << (approved ? approved->body : "no answer");
    if (!approved || approved->status != 302) return {};
    std::string back = approved->get_header_value("Location");
    EXPECT_TRUE(back.starts_with("http://localhost/api/v1/session/oidc/callback?")) << back;
    return {back.substr(back.find('?')), binding};
  }

  SsoAnswer callback(const std::string& query, const std::string& binding) {
    httplib::Client vigil("127.0.0.1", port_);
    httplib::Headers headers;
    if (!binding.empty()) headers.emplace("Cookie", binding);
    auto r = vigil.Get("/api/v1/session/oidc/callback" + query, headers);
    SsoAnswer out;
    EXPECT_TRUE(r);
    if (!r) return out;
    out.status = r->status;
    out.body = nlohmann::json::parse(r->body, nullptr, false);
    out.location = r->get_header_value("Location");
    std::string cookie;
    for (size_t i = 0; i < r->get_header_value_count("Set-Cookie"); ++i) {
      std::string c = r->get_header_value("Set-Cookie", i);
      if (c.starts_with("vigil_session=")) cookie = c;
    }
    if (r->status == 302 && !cookie.empty()) {
      EXPECT_NE(cookie.find("HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
      out.who.cookie = cookie.substr(0, cookie.find(';'));
      out.who.csrf = out.body.value("csrf_token", "");
    }
    return out;
  }

  SsoAnswer sign_in_sso(const nlohmann::json& claims, const std::string& fault = "") {
    auto [query, binding] = approve(claims, fault);
    return callback(query, binding);
  }

  // Keeps a response for the schema check (validate_recorded).
  void keep(const std::string& documented_path, const SsoAnswer& a) {
    fs::path file = dir_ / ("response-" + std::to_string(manifest_.size()) + ".json");
    std::ofstream(file) << a.body.dump();
    manifest_.push_back({{"path", documented_path},
                         {"method", "get"},
                         {"status", a.status},
                         {"body", file.string()}});
  }

  std::string error_code(const SsoAnswer& a) { return a.body["error"].value("code", ""); }

  OidcIssuer issuer_{kClientId, kSecret};
};

TEST_F(ApiOidc, TheSignInPageIsToldSingleSignOnIsOffered) {
  auto methods = call("GET", "/api/v1/session/methods", Identity{});
  ASSERT_TRUE(methods);
  ASSERT_EQ(methods->status, 200) << methods->body;
  nlohmann::json m = nlohmann::json::parse(methods->body);
  EXPECT_EQ(m["password"], true);
  EXPECT_EQ(m["sso"]["start"], "/api/v1/session/oidc");
  EXPECT_EQ(m["sso"]["issuer"].get<std::string>().rfind("http://127.0.0.1:", 0), 0u) << m;
}

TEST_F(ApiOidc, SignInMapsClaimsToRoleAndGroupsAndRefreshesThemAtEachSignIn) {
  SsoAnswer ada = sign_in_sso({{"email", "ada@example.com"}, {"roles", {"vigil-admins"}}});
  ASSERT_EQ(ada.status, 302) << ada.body;
  EXPECT_EQ(ada.location, "/");
  ASSERT_FALSE(ada.who.cookie.empty());
  keep("/api/v1/session/oidc/callback", ada);
  nlohmann::json me = nlohmann::json::parse(call("GET", "/api/v1/session", ada.who)->body);
  EXPECT_EQ(me["user"], "ada@example.com");
  EXPECT_EQ(me["role"], "admin");
  EXPECT_EQ(me["groups"], nlohmann::json::array());
  EXPECT_EQ(me["via"], "session");
  EXPECT_EQ(me["csrf_token"], ada.who.csrf);
  // The session works for changes too, with its CSRF token.
  auto made = call("POST", "/api/v1/tokens", ada.who, R"({"name": "ada's automation"})");
  EXPECT_EQ(made->status, 201) << made->body;

  // The provider now says something else: the next sign-in follows it.
  SsoAnswer again = sign_in_sso(
      {{"email", "ada@example.com"}, {"roles", "engineering"}, {"groups", {"dev-team", "x"}}});
  ASSERT_EQ(again.status, 302) << again.body;
  me = nlohmann::json::parse(call("GET", "/api/v1/session", again.who)->body);
  EXPECT_EQ(me["role"], "viewer");
  EXPECT_EQ(me["groups"], nlohmann::json::array({"dev"}));
  // ... and so does the earlier session, which reads the account.
  EXPECT_EQ(call("GET", "/api/v1/users", ada.who)->status, 403);

  // The account is marked as single sign-on: no password sign-in, none can be set.
  nlohmann::json users = get_json("/api/v1/users");
  bool listed = false;
  for (const auto& u : users["items"])
    if (u["name"] == "ada@example.com") listed = u["sso"] == true;
  EXPECT_TRUE(listed) << users;
  int status = 0;
  sign_in("ada@example.com", "any password at all", &status);
  EXPECT_EQ(status, 401);
  auto set = call("PATCH", "/api/v1/users/ada@example.com", admin_,
                  R"({"password": "a password for ada"})");
  EXPECT_EQ(set->status, 409) << set->body;

  // Audited: the account's creation and update, each session with its method.
  nlohmann::json audit = get_json("/api/v1/audit?limit=100");
  int starts = 0, added = 0, updated = 0;
  for (const auto& e : audit["items"]) {
    if (e["actor"] != "ada@example.com") continue;
    if (e["action"] == "session.start" && e["details"]["method"] == "oidc") ++starts;
    if (e["action"] == "user.add" && e["details"]["via"] == "oidc") ++added;
    if (e["action"] == "user.update" && e["details"]["role"] == "viewer") ++updated;
  }
  EXPECT_EQ(starts, 2) << audit;
  EXPECT_EQ(added, 1) << audit;
  EXPECT_EQ(updated, 1) << audit;

  // The unconfigured answer is covered by api_serve_test; these are the configured ones.
  SsoAnswer bad_state = callback("?code=x&state=never-issued", "");
  keep("/api/v1/session/oidc/callback", bad_state);
  SsoAnswer unmapped = sign_in_sso({{"email", "mallory@example.com"}, {"roles", "contractors"}});
  keep("/api/v1/session/oidc/callback", unmapped);
  validate_recorded();
}

TEST_F(ApiOidc, AGroupMappedViewerSeesOnlyItsGroup) {
  SsoAnswer gus = sign_in_sso(
      {{"email", "gus@example.com"}, {"roles", {"engineering"}}, {"groups", "dev-team"}});
  ASSERT_EQ(gus.status, 302) << gus.body;
  auto mine = call("GET", "/api/v1/violations?limit=1000", gus.who);
  ASSERT_EQ(mine->status, 200) << mine->body;
  nlohmann::json items = nlohmann::json::parse(mine->body)["items"];
  ASSERT_FALSE(items.empty());
  for (const auto& v : items) EXPECT_EQ(v["asset"]["account"], "222222222222") << v;
  size_t everything = get_json("/api/v1/violations?limit=1000")["items"].size();
  EXPECT_LT(items.size(), everything);
  EXPECT_EQ(call("GET", "/api/v1/scans", gus.who)->status, 403);  // the whole estate
  EXPECT_EQ(call("POST", "/api/v1/scans", gus.who, R"({"source": "estate"})")->status, 403);
}

TEST_F(ApiOidc, ForgedMisdirectedOrStaleIdTokensAreRefused) {
  nlohmann::json claims = {{"email", "eve@example.com"}, {"roles", {"vigil-admins"}}};
  for (const char* fault :
       {"other_key", "wrong_aud", "several_aud", "expired", "wrong_nonce", "alg_none", "hs256"}) {
    SsoAnswer a = sign_in_sso(claims, fault);
    EXPECT_EQ(a.status, 403) << fault << ": " << a.body;
    EXPECT_EQ(error_code(a), "sso_token") << fault << ": " << a.body;
    EXPECT_TRUE(a.who.cookie.empty()) << fault;
  }
  // None of them made an account.
  nlohmann::json users =
      get_json("/api/v1/users");  // kept: a range-for over a temporary's member dangles
  for (const auto& u : users["items"]) EXPECT_NE(u["name"], "eve@example.com");
  nlohmann::json audit = get_json("/api/v1/audit?limit=100");
  int refused = 0;
  for (const auto& e : audit["items"])
    if (e["action"] == "session.refused" && e["details"]["method"] == "oidc" &&
        e["details"]["code"] == "sso_token")
      ++refused;
  EXPECT_EQ(refused, 7) << audit;

  // ES256 is accepted, and a key the provider added since is fetched once.
  EXPECT_EQ(sign_in_sso(claims, "es256").status, 302);
  EXPECT_EQ(sign_in_sso(claims, "rotate").status, 302);
}

TEST_F(ApiOidc, TheProvidersRefusalsAreReported) {
  nlohmann::json claims = {{"email", "pat@example.com"}, {"roles", {"secops"}}};
  SsoAnswer pkce = sign_in_sso(claims, "pkce");
  EXPECT_EQ(pkce.status, 400) << pkce.body;
  EXPECT_EQ(error_code(pkce), "sso_provider");
  EXPECT_NE(pkce.body["error"]["message"].get<std::string>().find("PKCE verification failed"),
            std::string::npos)
      << pkce.body;
  SsoAnswer denied = sign_in_sso(claims, "provider_error");
  EXPECT_EQ(denied.status, 400) << denied.body;
  EXPECT_NE(denied.body["error"]["message"].get<std::string>().find("access_denied"),
            std::string::npos);
  // Another issuer's answer (RFC 9207 iss) is refused.
  auto [query, binding] = approve(claims);
  SsoAnswer mixed = callback(query + "&iss=https%3A%2F%2Fevil.example.com", binding);
  EXPECT_EQ(mixed.status, 400) << mixed.body;
  EXPECT_EQ(error_code(mixed), "sso_provider");
}

TEST_F(ApiOidc, ABrowsersRefusedSignInLandsOnTheSignInPageWithTheCode) {
  // A browser navigates with Accept: text/html; the refusal sends it to the
  // sign-in page (303) with the code, the JSON error still in the body.
  auto page = [&](const std::string& query, const std::string& binding) {
    httplib::Client vigil("127.0.0.1", port_);
    httplib::Headers headers{{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}};
    if (!binding.empty()) headers.emplace("Cookie", binding);
    auto r = vigil.Get("/api/v1/session/oidc/callback" + query, headers);
    EXPECT_TRUE(r);
    SsoAnswer out;
    if (!r) return out;
    out.status = r->status;
    out.body = nlohmann::json::parse(r->body, nullptr, false);
    out.location = r->get_header_value("Location");
    if (r->status != 302)  // refused: no session
      for (size_t i = 0; i < r->get_header_value_count("Set-Cookie"); ++i)
        EXPECT_FALSE(r->get_header_value("Set-Cookie", i).starts_with("vigil_session="));
    return out;
  };
  SsoAnswer mismatch = page("?code=abc&state=not-a-state-of-ours", "");
  EXPECT_EQ(mismatch.status, 303) << mismatch.body;
  EXPECT_EQ(mismatch.location, "/?sso_error=sso_state");
  EXPECT_EQ(error_code(mismatch), "sso_state");
  keep("/api/v1/session/oidc/callback", mismatch);

  nlohmann::json claims = {{"email", "pat@example.com"}, {"roles", {"secops"}}};
  // The provider's denial: its OAuth error word comes along, its text does not.
  {
    auto [query, binding] = approve(claims, "provider_error");
    SsoAnswer denied = page(query, binding);
    EXPECT_EQ(denied.status, 303) << denied.body;
    EXPECT_EQ(denied.location, "/?sso_error=sso_provider&sso_detail=access_denied");
  }
  // Another issuer's answer.
  {
    auto [query, binding] = approve(claims);
    SsoAnswer mixed = page(query + "&iss=https%3A%2F%2Fevil.example.com", binding);
    EXPECT_EQ(mixed.status, 303) << mixed.body;
    EXPECT_EQ(mixed.location, "/?sso_error=sso_provider");
  }
  // No role for the user.
  {
    auto [query, binding] = approve({{"email", "carl@example.com"}, {"roles", {"contractors"}}});
    SsoAnswer unmapped = page(query, binding);
    EXPECT_EQ(unmapped.status, 303) << unmapped.body;
    EXPECT_EQ(unmapped.location, "/?sso_error=sso_unmapped");
    keep("/api/v1/session/oidc/callback", unmapped);
  }
  // A success is the same 302 to the dashboard for a browser.
  auto [query, binding] = approve(claims);
  SsoAnswer ok = page(query, binding);
  EXPECT_EQ(ok.status, 302) << ok.body;
  EXPECT_EQ(ok.location, "/");
  validate_recorded();
}

TEST_F(ApiOidc, AStateIsSingleUseAndBoundToTheBrowserThatStarted) {
  nlohmann::json claims = {{"email", "sam@example.com"}, {"roles", {"secops"}}};
  SsoAnswer unknown = callback("?code=abc&state=not-a-state-of-ours", "");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(error_code(unknown), "sso_state");

  auto [query, binding] = approve(claims);
  SsoAnswer first = callback(query, binding);
  ASSERT_EQ(first.status, 302) << first.body;
  SsoAnswer replay = callback(query, binding);
  EXPECT_EQ(replay.status, 400) << replay.body;
  EXPECT_EQ(error_code(replay), "sso_state");

  // A callback link made by someone else's sign-in, opened in another browser.
  auto [stolen, attackers_binding] = approve(claims);
  SsoAnswer csrf = callback(stolen, "vigil_oidc=" + std::string(43, 'A'));
  EXPECT_EQ(csrf.status, 400) << csrf.body;
  EXPECT_EQ(error_code(csrf), "sso_state");
  EXPECT_TRUE(csrf.who.cookie.empty());
  // ... and that state is used up too.
  EXPECT_EQ(callback(stolen, attackers_binding).status, 400);
}

TEST_F(ApiOidc, AnUnmappedOrConflictingUserIsRefusedWithAClearMessage) {
  SsoAnswer no_role = sign_in_sso({{"email", "carl@example.com"}, {"roles", {"contractors"}}});
  EXPECT_EQ(no_role.status, 403);
  EXPECT_EQ(error_code(no_role), "sso_unmapped");
  EXPECT_NE(no_role.body["error"]["message"].get<std::string>().find("role_map"),
            std::string::npos);
  SsoAnswer no_group = sign_in_sso({{"email", "carl@example.com"}, {"roles", {"engineering"}}});
  EXPECT_EQ(no_group.status, 403);
  EXPECT_EQ(error_code(no_group), "sso_unmapped");
  SsoAnswer unverified = sign_in_sso(
      {{"email", "carl@example.com"}, {"email_verified", false}, {"roles", {"vigil-admins"}}});
  EXPECT_EQ(unverified.status, 403);
  EXPECT_EQ(error_code(unverified), "sso_unmapped");

  // Single sign-on never takes over a password account ...
  SsoAnswer local = sign_in_sso({{"email", "admin"}, {"roles", {"vigil-admins"}}});
  EXPECT_EQ(local.status, 403) << local.body;
  EXPECT_EQ(error_code(local), "sso_account");
  // ... nor one bound to another person of the provider ...
  ASSERT_EQ(sign_in_sso({{"email", "dee@example.com"}, {"sub", "A"}, {"roles", "secops"}}).status,
            302);
  SsoAnswer other = sign_in_sso({{"email", "dee@example.com"}, {"sub", "B"}, {"roles", "secops"}});
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(error_code(other), "sso_account");
  // ... and a disabled user stays out.
  auto disabled = call("PATCH", "/api/v1/users/dee@example.com", admin_, R"({"disabled": true})");
  ASSERT_EQ(disabled->status, 200) << disabled->body;
  SsoAnswer off = sign_in_sso({{"email", "dee@example.com"}, {"sub", "A"}, {"roles", "secops"}});
  EXPECT_EQ(off.status, 403) << off.body;
  EXPECT_EQ(error_code(off), "sso_account");

  nlohmann::json audit = get_json("/api/v1/audit?limit=100");
  int refusals = 0;
  for (const auto& e : audit["items"])
    if (e["action"] == "session.refused" && e["details"]["method"] == "oidc") ++refusals;
  EXPECT_EQ(refusals, 6) << audit;
}

}  // namespace
}  // namespace vigil::testing
