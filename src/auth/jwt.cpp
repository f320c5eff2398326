// ID token verification with OpenSSL (jwt.h).
#include "auth/jwt.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include "auth/base64url.h"
#include "auth/secrets.h"

namespace vigil::auth {

namespace {

Error refused(std::string code, std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::InvalidInput).with_code(std::move(code));
}

std::optional<nlohmann::json> json_object(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// ES256 signatures are r || s (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> ecdsa_der(std::string_view raw) {
  if (raw.size() != 64) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int n = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (n <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return out;
}

bool signature_valid(const Jwk& key, std::string_view input, std::string_view signature) {
  std::string der;
  if (key.type == Jwk::Type::EcP256) {
    auto converted = ecdsa_der(signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.key.get()) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                             input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

const Jwk* find_key(const JwkSet& keys, const std::string& kid, Jwk::Type type) {
  const Jwk* only = nullptr;
  size_t of_type = 0;
  for (const Jwk& k : keys.keys) {
    if (k.type != type) continue;
    if (!kid.empty() && k.kid == kid) return &k;
    ++of_type;
    only = &k;
  }
  return kid.empty() && of_type == 1 ? only : nullptr;
}

std::optional<double> number(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

Status check_claims(const nlohmann::json& c, const IdTokenCheck& check) {
  auto text = [&](const char* name) {
    auto it = c.find(name);
    return it != c.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (text("iss") != check.issuer)
    return refused("jwt.claims", fmt::format("the ID token's issuer is '{}', not '{}'", text("iss"),
                                             check.issuer));
  std::vector<std::string> audiences;
  if (c.contains("aud") && c["aud"].is_string()) audiences.push_back(c["aud"]);
  if (c.contains("aud") && c["aud"].is_array())
    for (const auto& a : c["aud"])
      if (a.is_string()) audiences.push_back(a);
  if (std::find(audiences.begin(), audiences.end(), check.client_id) == audiences.end())
    return refused("jwt.claims", "the ID token is not meant for this client (aud)");
  if (audiences.size() > 1 && !c.contains("azp"))
    return refused("jwt.claims", "the ID token has several audiences and no azp");
  if (c.contains("azp") && text("azp") != check.client_id)
    return refused("jwt.claims", "the ID token was issued to another client (azp)");
  auto exp = number(c, "exp"), iat = number(c, "iat"), nbf = number(c, "nbf");
  if (!exp || !iat) return refused("jwt.claims", "the ID token lacks exp or iat");
  double now = std::chrono::duration<double>(check.now.time_since_epoch()).count();
  double skew = static_cast<double>(check.skew.count());
  if (now >= *exp + skew) return refused("jwt.claims", "the ID token has expired (exp)");
  if (*iat > now + skew) return refused("jwt.claims", "the ID token is issued in the future (iat)");
  if (c.contains("nbf") && (!nbf || *nbf > now + skew))
    return refused("jwt.claims", "the ID token is not valid yet (nbf)");
  if (check.nonce.empty() || !same_secret(text("nonce"), check.nonce))
    return refused("jwt.claims", "the ID token's nonce is not this sign-in's (replayed token?)");
  if (text("sub").empty()) return refused("jwt.claims", "the ID token has no subject (sub)");
  return {};
}

}  // namespace

Result<Jws> parse_jws(std::string_view token) {
  if (token.size() > kMaxTokenBytes)
    return refused("jwt.malformed",
                   fmt::format("the ID token is longer than {} bytes", kMaxTokenBytes));
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return refused("jwt.malformed", "the ID token is not a compact JWS (three parts)");
  auto header = base64url_decode(token.substr(0, first));
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header || !payload || !signature)
    return refused("jwt.malformed", "the ID token is not strict base64url");
  Jws jws;
  auto h = json_object(*header), p = json_object(*payload);
  if (!h || !p)
    return refused("jwt.malformed", "the ID token's header or payload is not a JSON object");
  jws.header = std::move(*h);
  jws.payload = std::move(*p);
  jws.signing_input = std::string(token.substr(0, second));
  jws.signature = std::move(*signature);
  return jws;
}

Result<nlohmann::json> verify_id_token(std::string_view token, const JwkSet& keys,
                                       const IdTokenCheck& check) {
  auto jws = parse_jws(token);
  if (!jws.ok()) return jws.error();
  const nlohmann::json& h = jws->header;
  std::string alg = h.contains("alg") && h["alg"].is_string() ? h["alg"].get<std::string>() : "";
  Jwk::Type type;
  if (alg == "RS256")
    type = Jwk::Type::Rsa;
  else if (alg == "ES256")
    type = Jwk::Type::EcP256;
  else
    return refused("jwt.alg",
                   fmt::format("the ID token's alg '{}' is not accepted (RS256, ES256)", alg));
  if (h.contains("crit"))
    return refused("jwt.malformed", "the ID token has critical extensions (crit)");
  std::string kid = h.contains("kid") && h["kid"].is_string() ? h["kid"].get<std::string>() : "";
  const Jwk* key = find_key(keys, kid, type);
  if (!key)
    return refused("jwt.unknown_kid",
                   fmt::format("no key of the issuer's JWKS has kid '{}' for {}", kid, alg));
  if (!key->alg.empty() && key->alg != alg)
    return refused("jwt.alg", fmt::format("key '{}' is for {}, not {}", kid, key->alg, alg));
  if (!signature_valid(*key, jws->signing_input, jws->signature))
    return refused("jwt.signature",
                   "the ID token's signature does not verify with the issuer's key");
  if (Status s = check_claims(jws->payload, check); !s.ok()) return s.error();
  return std::move(jws->payload);
}

}  // namespace vigil::auth
