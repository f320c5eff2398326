// JWKS into OpenSSL keys (jwk.h).
#include "auth/jwk.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <optional>

#include "auth/base64url.h"

namespace vigil::auth {

namespace {

std::string text(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> member(const nlohmann::json& key, const char* name) {
  auto it = key.find(name);
  if (it == key.end() || !it->is_string()) return std::nullopt;
  return base64url_decode(it->get<std::string>());
}

// A key from OpenSSL parameters; null when OpenSSL refuses them.
std::shared_ptr<EVP_PKEY> from_params(const char* type, OSSL_PARAM_BLD* build) {
  std::shared_ptr<EVP_PKEY> out;
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
      EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) == 1)
    out.reset(key, EVP_PKEY_free);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return out;
}

std::shared_ptr<EVP_PKEY> rsa_key(const nlohmann::json& jwk) {
  auto n = member(jwk, "n"), e = member(jwk, "e");
  if (!n || !e || n->empty() || e->empty() || e->size() > 8) return nullptr;
  if ((*n)[0] == '\0') return nullptr;  // minimal encoding: no leading zero byte
  size_t bits = n->size() * 8;
  if (bits < 2048 || bits > 8192) return nullptr;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                           static_cast<int>(n->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                           static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  std::shared_ptr<EVP_PKEY> key;
  if (bn_n && bn_e && build && OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
      OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1)
    key = from_params("RSA", build);
  OSSL_PARAM_BLD_free(build);
  BN_free(bn_n);
  BN_free(bn_e);
  return key;
}

std::shared_ptr<EVP_PKEY> ec_key(const nlohmann::json& jwk) {
  if (text(jwk, "crv") != "P-256") return nullptr;
  auto x = member(jwk, "x"), y = member(jwk, "y");
  if (!x || !y || x->size() != 32 || y->size() != 32) return nullptr;
  std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  std::shared_ptr<EVP_PKEY> key;
  if (build &&
      OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
      OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) == 1)
    key = from_params("EC", build);
  OSSL_PARAM_BLD_free(build);
  if (!key) return nullptr;
  // fromdata does not check that the point is on the curve; a check does.
  EVP_PKEY_CTX* check = EVP_PKEY_CTX_new(key.get(), nullptr);
  bool on_curve = check && EVP_PKEY_public_check(check) == 1;
  EVP_PKEY_CTX_free(check);
  return on_curve ? key : nullptr;
}

}  // namespace

Result<JwkSet> parse_jwks(const nlohmann::json& document) {
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array())
    return Error("the JWKS is not an object with a \"keys\" list")
        .with_kind(Error::Kind::Corrupt)
        .with_code("oidc.jwks");
  JwkSet set;
  for (const auto& entry : document["keys"]) {
    if (!entry.is_object() || entry.contains("d") ||
        (entry.contains("use") && text(entry, "use") != "sig")) {
      ++set.skipped;
      continue;
    }
    Jwk jwk;
    std::string kty = text(entry, "kty");
    jwk.kid = text(entry, "kid");
    jwk.alg = text(entry, "alg");
    if (kty == "RSA") {
      jwk.type = Jwk::Type::Rsa;
      jwk.key = rsa_key(entry);
    } else if (kty == "EC") {
      jwk.type = Jwk::Type::EcP256;
      jwk.key = ec_key(entry);
    }
    if (!jwk.key) {
      ++set.skipped;
      continue;
    }
    set.keys.push_back(std::move(jwk));
  }
  return set;
}

}  // namespace vigil::auth
