// JSON Web Keys (RFC 7517) as OpenSSL public keys, for verifying ID tokens.
//
// Contract
// - parse_jwks: a JWKS document ({"keys": [...]}) into its usable signing
//   keys: RSA keys (n, e; 2048 to 8192 bits) and EC P-256 keys (x, y of 32
//   bytes each, on the curve). Keys with "use" other than "sig", other key
//   types or curves, private members ("d") and malformed members are
//   skipped, never half-read; `skipped` counts them. An error (kind
//   Corrupt) only when the document itself is not a JWKS.
// - A key's `alg` is the one it declares ("" when none); verify() matches
//   the token's alg against it and against the key type (jwt.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace vigil::auth {

struct Jwk {
  enum class Type { Rsa, EcP256 };
  std::string kid;  // "" when the key has none
  Type type = Type::Rsa;
  std::string alg;  // as declared; "" when none
  std::shared_ptr<EVP_PKEY> key;
};

struct JwkSet {
  std::vector<Jwk> keys;
  size_t skipped = 0;
};

Result<JwkSet> parse_jwks(const nlohmann::json& document);

}  // namespace vigil::auth
