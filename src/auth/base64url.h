// base64url without padding (RFC 4648 section 5, as JWS and PKCE use it).
//
// Contract
// - base64url_encode: never pads.
// - base64url_decode is strict: only [A-Za-z0-9_-], no padding, no
//   whitespace, no length of 1 mod 4, and the unused low bits of the last
//   character must be zero (so each byte string has exactly one encoding and
//   a token cannot be altered without changing its bytes). nullopt otherwise.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigil::auth {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace vigil::auth
