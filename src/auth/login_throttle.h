// Login throttling: after `max_failures` failed logins within `window` for
// one key (a user name, a client address), further attempts for that key are
// refused until the oldest failure leaves the window, whether or not the
// password is right, so guessing costs an attacker the window per handful of
// tries. A success clears the key. Thread-safe; time is passed in (tests
// need no sleeping). In memory: per process, reset by a restart. At most
// kMaxKeys keys with recent failures are kept; past that, keys not yet
// tracked wait a whole window (an attacker cannot flush a throttled key by
// flooding others).
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace vigil::auth {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LoginThrottle(size_t max_failures = 5,
                         std::chrono::seconds window = std::chrono::minutes(15))
      : max_failures_(max_failures), window_(window) {}

  // Zero when an attempt for `key` may go ahead; otherwise how long to wait.
  std::chrono::seconds wait(const std::string& key, Clock::time_point now);
  void failed(const std::string& key, Clock::time_point now);
  void succeeded(const std::string& key);

  static constexpr size_t kMaxKeys = 100000;

 private:
  void forget_old(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

  size_t max_failures_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace vigil::auth
