// Password hashing: Argon2id (RFC 9106) through libargon2, the reference
// implementation, in its standard encoded form
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so the cost parameters
// travel with each hash and can be raised without invalidating old ones.
//
// Contract
// - hash_password: a fresh 16-byte random salt per call; cost m=19 MiB,
//   t=2, p=1 (OWASP's recommended minimum for Argon2id; ~40 ms here).
// - verify_password: true only for the password the hash was made from; a
//   malformed or non-Argon2id hash is false (never an exception).
// - check_password_policy: the rule for new passwords (12..1024 bytes, not
//   the user's name); the error (kind InvalidInput, subject "password")
//   says what to change.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::auth {

Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view encoded_hash, std::string_view password);
Status check_password_policy(std::string_view password, std::string_view user_name);

}  // namespace vigil::auth
