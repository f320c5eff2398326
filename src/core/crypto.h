// Digests (OpenSSL): SHA-256 and HMAC-SHA256 (SigV4 signing, webhook
// signatures, digests of stored secrets), and SHA-1, which names the AWS SSO
// token cache files (not for security). Inputs and outputs are raw byte
// strings; hex() renders lowercase hex.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

std::string sha256(std::string_view data);                             // 32 raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string sha1(std::string_view data);                               // 20 raw bytes
std::string hex(std::string_view bytes);                               // lowercase
inline std::string sha256_hex(std::string_view data) { return hex(sha256(data)); }

}  // namespace vigil
