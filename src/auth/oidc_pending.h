// Sign-ins under way: what the server keeps between sending a browser to
// the provider and the browser's return to the callback (never in the
// browser: it only carries the opaque `state`).
//
// Contract
// - start(): a new state, nonce, PKCE code_verifier (each 32 random bytes,
//   base64url: 43 characters; RFC 7636 allows 43..128) and browser binding
//   (the value of a cookie set on the browser that started, so that a
//   callback link made by someone else cannot sign a victim in as the link's
//   maker: login CSRF), kept under the state; code_challenge() is the S256
//   challenge of a verifier.
// - take(state): the pending sign-in, removed (single use: a replayed state
//   finds nothing); nullopt when unknown or older than `ttl` (10 min).
// - At most `capacity` (10,000) are kept: starting one more drops the
//   oldest, so an anonymous flood of sign-in starts costs bounded memory
//   (and at worst delays, never widens, anybody's sign-in).
// - Thread-safe; time is passed in.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace vigil::auth {

struct PendingLogin {
  std::string state, nonce, code_verifier, browser;
  std::chrono::steady_clock::time_point started;
};

std::string code_challenge(const std::string& code_verifier);  // base64url(SHA-256(verifier))

class PendingLogins {
 public:
  using Clock = std::chrono::steady_clock;
  explicit PendingLogins(size_t capacity = 10000,
                         std::chrono::seconds ttl = std::chrono::minutes(10))
      : capacity_(capacity), ttl_(ttl) {}

  PendingLogin start(Clock::time_point now);
  std::optional<PendingLogin> take(const std::string& state, Clock::time_point now);
  size_t size() const;

 private:
  size_t capacity_;
  std::chrono::seconds ttl_;
  mutable std::mutex mutex_;
  std::map<std::string, PendingLogin> by_state_;
  std::multimap<Clock::time_point, std::string> by_age_;
};

}  // namespace vigil::auth
