// vigil.yaml `auth: oidc:` (daemon/config_auth.cpp): a complete block loads
// into auth::OidcSettings; every mistake is an error at its file:line:col,
// and the ones that would widen access (no role map, nobody given a group, a
// group that does not exist) are refused at load.
#include <gtest/gtest.h>

#include "daemon/config.h"

namespace vigil::daemon {
namespace {

const char* kGroups = "groups:\n  - name: payments\n    accounts: [\"111111111111\"]\n";

std::string block(const std::string& body) {
  return std::string(kGroups) + "auth:\n  oidc:\n" + body;
}

const char* kComplete =
    "    issuer: https://login.example.com/realms/acme\n"
    "    client_id: vigil\n"
    "    client_secret_env: VIGIL_OIDC_CLIENT_SECRET\n"
    "    redirect_uri: https://vigil.example.com/api/v1/session/oidc/callback\n"
    "    scopes: [openid, email, groups]\n"
    "    roles_claim: groups\n"
    "    groups_claim: groups\n"
    "    role_map: {vigil-admins: admin, payments-team: viewer}\n"
    "    group_map: {payments-team: payments}\n"
    "    unrestricted_values: [vigil-admins]\n";

// The errors of `text`, rendered (file:line:col, the line, a caret, a hint).
std::string errors(const std::string& text) {
  ConfigLoad l = load_config_text(text, "/etc/vigil/vigil.yaml");
  std::string out;
  for (const auto& d : l.diagnostics)
    if (d.level == Diagnostic::Level::Error) out += d.render() + "\n";
  EXPECT_FALSE(l.ok()) << text;
  return out;
}

TEST(ConfigAuth, ACompleteOidcBlockLoads) {
  ConfigLoad l = load_config_text(block(kComplete), "/etc/vigil/vigil.yaml");
  ASSERT_TRUE(l.ok()) << (l.diagnostics.empty() ? "" : l.diagnostics[0].render());
  ASSERT_TRUE(l.config.oidc);
  const auth::OidcSettings& o = *l.config.oidc;
  EXPECT_EQ(o.issuer, "https://login.example.com/realms/acme");
  EXPECT_EQ(o.client_secret_env, "VIGIL_OIDC_CLIENT_SECRET");
  EXPECT_EQ(o.scopes, (std::vector<std::string>{"openid", "email", "groups"}));
  EXPECT_EQ(o.username_claim, "email");
  EXPECT_EQ(o.role_map.at("vigil-admins"), auth::Role::Admin);
  EXPECT_EQ(o.group_map.at("payments-team"), "payments");
  EXPECT_EQ(o.unrestricted_values, std::vector<std::string>{"vigil-admins"});
  EXPECT_FALSE(load_config_text(kGroups, "/etc/vigil/vigil.yaml").config.oidc);
}

TEST(ConfigAuth, EachMistakeIsAnErrorAtItsPlace) {
  std::string text = block(kComplete);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return errors(t);
  };
  EXPECT_NE(replaced("https://login", "http://login")
                .find("vigil.yaml:6:13: error: 'issuer' must be an https:// URL"),
            std::string::npos);
  EXPECT_NE(replaced("VIGIL_OIDC_CLIENT_SECRET", "s3cr3t value").find("vigil.yaml:8:24:"),
            std::string::npos);
  EXPECT_NE(replaced("/api/v1/session/oidc/callback", "/callback").find("'redirect_uri'"),
            std::string::npos);
  EXPECT_NE(replaced("[openid, email, groups]", "[email]").find("'scopes' must include openid"),
            std::string::npos);
  EXPECT_NE(
      replaced("payments-team: viewer", "payments-team: veiwer").find("did you mean 'viewer'?"),
      std::string::npos);
  EXPECT_NE(replaced("{payments-team: payments}", "{payments-team: payment}")
                .find("'payment' is not an asset group of this file"),
            std::string::npos);
  EXPECT_NE(replaced("    client_id: vigil\n", "    client_ids: vigil\n")
                .find("did you mean 'client_id'?"),
            std::string::npos);
  // http is for a loopback test issuer only.
  ConfigLoad loopback = load_config_text(
      block(std::string(kComplete).replace(12, 37, "http://127.0.0.1:8080")), "/x/vigil.yaml");
  EXPECT_TRUE(loopback.ok()) << (loopback.diagnostics.empty() ? ""
                                                              : loopback.diagnostics[0].render());
}

TEST(ConfigAuth, ABlockThatWouldWidenOrLoseAccessIsRefused) {
  std::string text = block(kComplete);
  auto without = [&](const std::string& line) {
    std::string t = text;
    t.erase(t.find(line), line.size());
    return errors(t);
  };
  EXPECT_NE(without("    role_map: {vigil-admins: admin, payments-team: viewer}\n")
                .find("'oidc' needs role_map"),
            std::string::npos);
  EXPECT_NE(without("    client_id: vigil\n").find("'oidc' needs client_id"), std::string::npos);
  EXPECT_NE(without("    groups_claim: groups\n").find("'group_map' but no 'groups_claim'"),
            std::string::npos);
  std::string no_groups = text;
  for (std::string line :
       {"    group_map: {payments-team: payments}\n", "    unrestricted_values: [vigil-admins]\n"})
    no_groups.erase(no_groups.find(line), line.size());
  EXPECT_NE(errors(no_groups).find("gives nobody an asset group"), std::string::npos);
}

}  // namespace
}  // namespace vigil::daemon
