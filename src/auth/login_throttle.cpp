// Login throttling (login_throttle.h).
#include "auth/login_throttle.h"

namespace vigil::auth {

void LoginThrottle::forget_old(std::deque<Clock::time_point>& failures,
                               Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
}

std::chrono::seconds LoginThrottle::wait(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  // Memory is bounded: with more live keys than that, new keys wait too
  // (failing closed rather than forgetting an attacked account).
  if (it == failures_.end()) return failures_.size() > kMaxKeys ? window_ : std::chrono::seconds(0);
  forget_old(it->second, now);
  if (it->second.size() < max_failures_) {
    if (it->second.empty()) failures_.erase(it);
    return std::chrono::seconds(0);
  }
  auto left = std::chrono::ceil<std::chrono::seconds>(it->second.front() + window_ - now);
  return std::max(left, std::chrono::seconds(1));
}

void LoginThrottle::failed(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& failures = failures_[key];
  forget_old(failures, now);
  failures.push_back(now);
  if (failures_.size() > kMaxKeys) {  // a flood of distinct keys: keep only live ones
    for (auto it = failures_.begin(); it != failures_.end();) {
      forget_old(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
}

void LoginThrottle::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace vigil::auth
