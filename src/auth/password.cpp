// Argon2id password hashes (password.h).
#include "auth/password.h"

#include <argon2.h>

#include <vector>

#include "auth/secrets.h"
#include "core/invalid_input.h"

namespace vigil::auth {

namespace {

constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKib = 19 * 1024;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  std::string salt = random_bytes(kSaltBytes);
  size_t length =
      argon2_encodedlen(kTimeCost, kMemoryKib, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  int rc =
      argon2id_hash_encoded(kTimeCost, kMemoryKib, kParallelism, password.data(), password.size(),
                            salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK)
    return Error(std::string("hashing the password failed: ") + argon2_error_message(rc))
        .with_kind(Error::Kind::Internal);
  return std::string(encoded.data());
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  if (encoded_hash.rfind("$argon2id$", 0) != 0) return false;
  std::string hash(encoded_hash);  // NUL-terminated for libargon2
  return argon2id_verify(hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

Status check_password_policy(std::string_view password, std::string_view user_name) {
  auto reject = [](std::string message) { return invalid_input(std::move(message), "password"); };
  if (password.size() < 12) return reject("a password needs at least 12 characters");
  if (password.size() > 1024) return reject("a password may have at most 1024 bytes");
  if (password == user_name) return reject("a password must not be the user's name");
  return {};
}

}  // namespace vigil::auth
