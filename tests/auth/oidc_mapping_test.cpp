// Claims to user, role and groups (auth/oidc_mapping.h), and sign-ins under
// way (auth/oidc_pending.h): a mistake narrows access, never widens it.
#include "auth/oidc_mapping.h"

#include <gtest/gtest.h>

#include "auth/base64url.h"
#include "auth/oidc_pending.h"
#include "core/crypto.h"

namespace vigil::auth {
namespace {

OidcSettings settings() {
  OidcSettings s;
  s.roles_claim = "roles";
  s.groups_claim = "groups";
  s.role_map = {{"readers", Role::Viewer}, {"ops", Role::Operator}, {"root", Role::Admin}};
  s.group_map = {{"pay", "payments"}, {"dev", "dev"}};
  s.unrestricted_values = {"security"};
  return s;
}

nlohmann::json claims(nlohmann::json roles, nlohmann::json groups) {
  return {{"iss", "https://i"},
          {"sub", "42"},
          {"email", "ann@example.com"},
          {"roles", std::move(roles)},
          {"groups", std::move(groups)}};
}

TEST(OidcMapping, TheHighestRoleWinsAndGroupsAreTheMappedOnes) {
  auto id =
      map_claims(claims({"readers", "ops", "unknown"}, {"dev", "pay", "dev", "x"}), settings());
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(id->name, "ann@example.com");
  EXPECT_EQ(id->subject, "https://i 42");
  EXPECT_EQ(id->role, Role::Operator);
  EXPECT_EQ(id->groups, (std::vector<std::string>{"dev", "payments"}));
  auto one = map_claims(claims("root", "pay"), settings());
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->role, Role::Admin);
}

TEST(OidcMapping, OnlyAnExplicitValueMakesAUserUnrestricted) {
  auto open = map_claims(claims({"readers", "security"}, {"pay"}), settings());
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->groups.empty());
  auto none = map_claims(claims({"readers"}, {"x"}), settings());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "oidc.unmapped");
  auto absent = map_claims(claims({"readers"}, nullptr), settings());
  EXPECT_FALSE(absent.ok());
}

TEST(OidcMapping, NoMappedRoleOrNoUsableNameIsRefused) {
  for (const nlohmann::json& roles : {nlohmann::json("nobody"), nlohmann::json::array(),
                                      nlohmann::json(3), nlohmann::json({{"root", true}})}) {
    auto id = map_claims(claims(roles, "pay"), settings());
    ASSERT_FALSE(id.ok()) << roles;
    EXPECT_EQ(id.error().code, "oidc.unmapped");
  }
  nlohmann::json c = claims("root", "pay");
  c["email"] = "ann+vigil@example.com";  // '+' is not in user names
  EXPECT_FALSE(map_claims(c, settings()).ok());
  c["email"] = 7;
  EXPECT_FALSE(map_claims(c, settings()).ok());
  c["email"] = "ann@example.com";
  c["email_verified"] = false;
  EXPECT_FALSE(map_claims(c, settings()).ok());
  c["email_verified"] = true;
  EXPECT_TRUE(map_claims(c, settings()).ok());
}

TEST(OidcPending, AStateIsSingleUseAndExpiresAfterTenMinutes) {
  PendingLogins pending;
  auto t0 = PendingLogins::Clock::now();
  PendingLogin a = pending.start(t0), b = pending.start(t0);
  EXPECT_EQ(a.state.size(), 43u);
  EXPECT_EQ(a.code_verifier.size(), 43u);
  EXPECT_NE(a.state, b.state);
  EXPECT_NE(a.nonce, a.browser);
  auto taken = pending.take(a.state, t0 + std::chrono::minutes(9));
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->code_verifier, a.code_verifier);
  EXPECT_FALSE(pending.take(a.state, t0));  // replayed
  EXPECT_FALSE(pending.take(b.state, t0 + std::chrono::minutes(10)));
  EXPECT_FALSE(pending.take("made-up", t0));
}

TEST(OidcPending, AFloodOfStartsKeepsOnlyTheNewest) {
  PendingLogins pending(3);
  auto t0 = PendingLogins::Clock::now();
  PendingLogin first = pending.start(t0);
  for (int i = 1; i <= 3; ++i) pending.start(t0 + std::chrono::seconds(i));
  EXPECT_EQ(pending.size(), 3u);
  EXPECT_FALSE(pending.take(first.state, t0 + std::chrono::seconds(5)));
}

TEST(OidcPending, TheChallengeIsS256OfTheVerifier) {
  // RFC 7636 appendix B.
  EXPECT_EQ(code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

}  // namespace
}  // namespace vigil::auth
