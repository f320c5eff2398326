// AWS credentials and the providers that produce them.
//
// A CredentialsProvider returns current credentials, refreshing them itself
// before they expire (5 minutes of margin). Providers are thread-safe: all
// collection workers of one account share one provider. Errors name the
// source (profile, role ARN, file, endpoint) and what to do about it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"

namespace vigil::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // Absent for credentials that do not expire (long-term keys).
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string
      source;  // human-readable origin: "environment", "profile prod", "role arn:aws:iam::1:role/x"
};

// Providers refresh credentials this long before they expire.
inline constexpr std::chrono::minutes kRefreshMargin{5};

// The wall clock providers compare expirations with; injectable for tests.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Result<Credentials> get() = 0;
  // What this provider is, for error messages: "profile prod (role arn:...)".
  virtual std::string describe() const = 0;
  // AWS refused `rejected` (credentials this provider handed out) as expired
  // (ExpiredToken): obtain fresh ones now, whatever their expiration said.
  // After a success, get() returns the fresh credentials (or newer ones).
  // Concurrent callers refusing the same credentials share one refresh
  // (RefreshingProvider). Providers whose credentials cannot change (static
  // keys) keep this default: an Error saying so, and the caller reports
  // AWS's error as it is.
  virtual Result<Credentials> refresh(const Credentials& rejected) {
    (void)rejected;
    return Error(describe() + " cannot be refreshed: supply new credentials");
  }
};

}  // namespace vigil::aws
