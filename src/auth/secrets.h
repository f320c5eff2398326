// Random secrets and their digests (OpenSSL).
//
// Contract
// - random_bytes: n bytes from the operating system's CSPRNG (RAND_bytes);
//   aborts the process if it cannot give them (no weak fallback exists).
// - new_secret(prefix): prefix + 43 base64url characters (32 random bytes):
//   session ids, CSRF tokens, API tokens ("vgl_..."), one-time passwords.
// - secret_digest: hex SHA-256. Secrets are stored only as digests: they
//   have 256 bits of entropy, so a fast hash is enough (passwords, which do
//   not, use password.h).
// - same_secret: constant-time comparison of two strings.
#pragma once

#include <string>
#include <string_view>

namespace vigil::auth {

std::string random_bytes(size_t n);
std::string new_secret(std::string_view prefix = {});
std::string secret_digest(std::string_view secret);
bool same_secret(std::string_view a, std::string_view b);

}  // namespace vigil::auth
