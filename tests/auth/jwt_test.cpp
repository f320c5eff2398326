// ID token verification (auth/jwt.h) and strict base64url (auth/base64url.h)
// with fixed vectors (jwt_vectors.h): every alg and claim rule of the
// contract, with the check's clock set where each rule bites.
#include "auth/jwt.h"

#include <gtest/gtest.h>

#include "auth/base64url.h"
#include "jwt_vectors.h"

namespace vigil::auth {
namespace {

using namespace std::chrono;

JwkSet keys() {
  auto set = parse_jwks(nlohmann::json::parse(vectors::kJwks));
  EXPECT_TRUE(set.ok());
  return set.ok() ? *set : JwkSet{};
}

IdTokenCheck check(int64_t now = 1800000000) {
  return {"https://issuer.example", "vigil", "n-0S6_WzA2Mj",
          system_clock::time_point(seconds(now))};
}

std::string code_of(std::string_view token, const IdTokenCheck& c = check()) {
  auto r = verify_id_token(token, keys(), c);
  return r.ok() ? "ok" : r.error().code;
}

TEST(Base64Url, RoundTripsAndDecodesOnlyTheCanonicalForm) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba",
                                                       "foobar", std::string("\xff\xfe\x00", 3)})
    EXPECT_EQ(base64url_decode(base64url_encode(s)), s);
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("Zm9v"), "foo");
  EXPECT_EQ(base64url_decode("Zm9vYg=="), std::nullopt);  // padding
  EXPECT_EQ(base64url_decode("Zm9v+g"), std::nullopt);    // the other alphabet
  EXPECT_EQ(base64url_decode("Zm9 v"), std::nullopt);     // whitespace
  EXPECT_EQ(base64url_decode("Zm9vY"), std::nullopt);     // 1 mod 4
  EXPECT_EQ(base64url_decode("Zh"), std::nullopt);        // non-zero leftover bits ("Zg" is "f")
  EXPECT_EQ(base64url_decode("Zg"), "f");
}

TEST(Jwks, ReadsRsaAndEcKeysAndSkipsWhatItCannotUse) {
  JwkSet set = keys();
  ASSERT_EQ(set.keys.size(), 2u);
  EXPECT_EQ(set.keys[0].kid, "r1");
  EXPECT_EQ(set.keys[0].type, Jwk::Type::Rsa);
  EXPECT_EQ(set.keys[1].type, Jwk::Type::EcP256);
  nlohmann::json doc = nlohmann::json::parse(vectors::kJwks);
  nlohmann::json bad = doc["keys"][1];
  bad["x"] = std::string(43, 'A');  // not a point of the curve
  nlohmann::json small = doc["keys"][0];
  small["n"] = base64url_encode(std::string(128, '\x7f'));  // 1024 bits
  nlohmann::json enc = doc["keys"][0];
  enc["use"] = "enc";
  nlohmann::json secret = {{"kty", "oct"}, {"k", "c2VjcmV0"}};
  nlohmann::json typed = {{"kty", 7}};
  auto mixed = parse_jwks({{"keys", {bad, small, enc, secret, typed, doc["keys"][0]}}});
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->keys.size(), 1u);
  EXPECT_EQ(mixed->skipped, 5u);
  EXPECT_FALSE(parse_jwks(nlohmann::json::array()).ok());
}

TEST(IdToken, AcceptsRs256AndEs256FromTheIssuersKeys) {
  auto claims = verify_id_token(vectors::kRs256, keys(), check());
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ((*claims)["email"], "ada@example.com");
  EXPECT_EQ(code_of(vectors::kEs256), "ok");
  EXPECT_EQ(code_of(vectors::kTwoAudiencesAzp), "ok");
}

TEST(IdToken, RefusesAnyOtherAlgAndAnyAlteredToken) {
  EXPECT_EQ(code_of(vectors::kAlgNone), "jwt.alg");
  EXPECT_EQ(code_of(vectors::kHs256), "jwt.alg");
  EXPECT_EQ(code_of(vectors::kTampered), "jwt.signature");
  EXPECT_EQ(code_of(vectors::kUnknownKid), "jwt.unknown_kid");
  EXPECT_EQ(code_of(vectors::kEcKeyAsRs256), "jwt.unknown_kid");  // kid e1 is no RSA key
  EXPECT_EQ(code_of(vectors::kCrit), "jwt.malformed");
  std::string token = vectors::kRs256;
  EXPECT_EQ(code_of(token + "="), "jwt.malformed");
  EXPECT_EQ(code_of(token + ".x"), "jwt.malformed");
  EXPECT_EQ(code_of(token.substr(0, token.rfind('.'))), "jwt.malformed");
  EXPECT_EQ(code_of(std::string(kMaxTokenBytes + 1, 'a')), "jwt.malformed");
  // Without a kid, the only key of the alg's type is used; with two, none.
  JwkSet two = keys();
  two.keys.push_back(two.keys[0]);
  two.keys.back().kid = "r2";
  EXPECT_EQ(verify_id_token(vectors::kUnknownKid, two, check()).error().code, "jwt.unknown_kid");
}

TEST(IdToken, ChecksIssuerAudienceNonceAndTimesWithSixtySecondsOfSkew) {
  IdTokenCheck c = check();
  c.issuer = "https://issuer.example/";
  EXPECT_EQ(code_of(vectors::kRs256, c), "jwt.claims");
  c = check();
  c.client_id = "other";
  EXPECT_EQ(code_of(vectors::kRs256, c), "jwt.claims");
  c = check();
  c.nonce = "n-0S6_WzA2Mk";
  EXPECT_EQ(code_of(vectors::kRs256, c), "jwt.claims");
  c.nonce = "";
  EXPECT_EQ(code_of(vectors::kRs256, c), "jwt.claims");
  EXPECT_EQ(code_of(vectors::kTwoAudiencesNoAzp), "jwt.claims");
  // exp 4102444800, iat 1700000000.
  EXPECT_EQ(code_of(vectors::kRs256, check(4102444800 + 59)), "ok");
  EXPECT_EQ(code_of(vectors::kRs256, check(4102444800 + 60)), "jwt.claims");
  EXPECT_EQ(code_of(vectors::kRs256, check(1700000000 - 60)), "ok");
  EXPECT_EQ(code_of(vectors::kRs256, check(1700000000 - 61)), "jwt.claims");
  auto expired = verify_id_token(vectors::kRs256, keys(), check(4102444800 + 3600));
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
}

}  // namespace
}  // namespace vigil::auth
