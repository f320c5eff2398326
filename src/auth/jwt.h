// ID token verification: JWS compact serialization (RFC 7515) signed with a
// key of the issuer's JWKS, and the ID token claims of OpenID Connect Core
// 1.0 section 3.1.3.7.
//
// Contract of verify_id_token()
// - The token is at most kMaxTokenBytes, exactly three strict base64url
//   parts (base64url.h); header and payload are JSON objects.
// - alg is RS256 or ES256 and nothing else: "none", HS*, PS*, anything
//   unknown is refused (an HMAC alg would let a public key sign). A header
//   with "crit" is refused (no extension is understood).
// - The key is the JWKS key with the header's kid (or, without a kid, the
//   only key of the alg's type); its type must fit the alg, and a key that
//   declares an alg must declare this one. No such key: code
//   "jwt.unknown_kid" (the caller may refetch the JWKS once).
// - Claims: iss equals the issuer exactly; aud is the client id or a list
//   holding it; with several audiences azp is required, and azp (when
//   present) equals the client id; exp, iat are numbers, nbf optional;
//   now < exp + skew, iat <= now + skew, nbf <= now + skew (skew 60 s);
//   nonce equals the expected one; sub is a non-empty string.
// - Every refusal is an Error of kind InvalidInput with a code
//   ("jwt.malformed", "jwt.alg", "jwt.unknown_kid", "jwt.signature",
//   "jwt.claims") and a message that says which check failed.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/jwk.h"
#include "core/result.h"

namespace vigil::auth {

constexpr size_t kMaxTokenBytes = 16 * 1024;

struct IdTokenCheck {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  std::chrono::system_clock::time_point now;
  std::chrono::seconds skew{60};
};

// The verified payload (its claims).
Result<nlohmann::json> verify_id_token(std::string_view token, const JwkSet& keys,
                                       const IdTokenCheck& check);

// The parts of a compact JWS, decoded but not verified (tests, diagnostics).
struct Jws {
  nlohmann::json header, payload;
  std::string signing_input;  // "<header>.<payload>" as received
  std::string signature;      // raw bytes
};
Result<Jws> parse_jws(std::string_view token);

}  // namespace vigil::auth
