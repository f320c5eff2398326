// Sign-ins under way (oidc_pending.h).
#include "auth/oidc_pending.h"

#include "auth/base64url.h"
#include "auth/secrets.h"
#include "core/crypto.h"

namespace vigil::auth {

std::string code_challenge(const std::string& code_verifier) {
  return base64url_encode(sha256(code_verifier));
}

PendingLogin PendingLogins::start(Clock::time_point now) {
  PendingLogin login{new_secret(), new_secret(), new_secret(), new_secret(), now};
  std::lock_guard lock(mutex_);
  // Expired ones first, then the oldest while full.
  while (!by_age_.empty() &&
         (by_age_.begin()->first + ttl_ <= now || by_state_.size() >= capacity_)) {
    by_state_.erase(by_age_.begin()->second);
    by_age_.erase(by_age_.begin());
  }
  by_state_[login.state] = login;
  by_age_.emplace(now, login.state);
  return login;
}

std::optional<PendingLogin> PendingLogins::take(const std::string& state, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = by_state_.find(state);
  if (it == by_state_.end()) return std::nullopt;
  PendingLogin login = std::move(it->second);
  by_state_.erase(it);
  for (auto [a, b] = by_age_.equal_range(login.started); a != b; ++a)
    if (a->second == login.state) {
      by_age_.erase(a);
      break;
    }
  if (login.started + ttl_ <= now) return std::nullopt;
  return login;
}

size_t PendingLogins::size() const {
  std::lock_guard lock(mutex_);
  return by_state_.size();
}

}  // namespace vigil::auth
