// Random secrets and digests (secrets.h).
#include "auth/secrets.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "auth/base64url.h"
#include "core/crypto.h"

namespace vigil::auth {

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::fputs("vigil: the system's random number generator failed\n", stderr);
    std::abort();
  }
  return out;
}

std::string new_secret(std::string_view prefix) {
  // base64url without padding: 32 bytes -> 43 characters.
  return std::string(prefix) + base64url_encode(random_bytes(32));
}

std::string secret_digest(std::string_view secret) { return sha256_hex(secret); }

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace vigil::auth
