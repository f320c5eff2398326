// Client-side adaptive rate limiting (the AWS SDKs' "adaptive" retry mode),
// one limiter per service + region + credentials (AWS throttles per account,
// region and API).
//
// A token bucket that is off until the first throttling response. On a
// throttle the send rate is cut to beta (0.7) times the rate measured at
// that moment; afterwards it grows back along a cubic curve (as in TCP
// CUBIC) toward, and then past, the rate at which throttling happened:
//
//   W    = cbrt(last_max_rate * (1 - beta) / C)          C = 0.4
//   rate = C * (t - last_throttle_time - W)^3 + last_max_rate
//
// capped at twice the measured send rate. The measured rate is an
// exponentially smoothed count of sends per 0.5 s bucket (smoothing 0.8).
// The fill rate never drops below 0.5 request/s, the bucket holds at least
// one token.
//
// A throttle answering a request sent before the previous cut does not cut
// again (all in-flight requests of a burst come back throttled together).
//
// acquire() reserves a token and sleeps (via the injected Clock) until it is
// due; concurrent callers queue up in arrival order because each reservation
// pushes the next one further out. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "aws_client/transport/clock.h"

namespace vigil::aws {

struct RateLimiterState {  // a snapshot, for tests and the progress display
  bool enabled = false;
  double fill_rate = 0;      // tokens per second
  double capacity = 0;       // bucket size
  double tokens = 0;         // may be negative: reservations not yet due
  double measured_rate = 0;  // smoothed sends per second
  double last_max_rate = 0;
  uint64_t throttles = 0;
};

class AdaptiveRateLimiter {
 public:
  explicit AdaptiveRateLimiter(std::shared_ptr<Clock> clock = system_clock());
  // Before each send: waits (sleeps on the clock) until a token is available.
  // Returns the seconds it waited.
  double acquire();
  // After each response: throttled or not. `sent_at` (now() taken just
  // before sending; -1 if unknown) lets a throttle of a request sent before
  // the last cut be counted without cutting the rate again: when many
  // requests are in flight, their throttles are one signal.
  void update(bool throttled, double sent_at = -1);
  double now();  // the limiter's clock
  RateLimiterState state();

 private:
  void refill_locked(double now);
  void measure_locked(double now);
  double cubic_success_locked(double now) const;
  void set_rate_locked(double rate);

  std::shared_ptr<Clock> clock_;
  std::mutex mutex_;
  bool enabled_ = false;
  double fill_rate_ = 0, capacity_ = 0, tokens_ = 0, last_refill_ = -1;
  double measured_rate_ = 0, bucket_start_ = -1, bucket_count_ = 0, first_seen_ = -1;
  double last_max_rate_ = 0, last_throttle_time_ = 0, time_window_ = 0;
  uint64_t throttles_ = 0;
};

// Limiters by key ("ec2/us-east-1/<credentials>"), created on first use.
class RateLimiterRegistry {
 public:
  explicit RateLimiterRegistry(std::shared_ptr<Clock> clock = system_clock())
      : clock_(std::move(clock)) {}
  std::shared_ptr<AdaptiveRateLimiter> get(const std::string& key);

 private:
  std::shared_ptr<Clock> clock_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<AdaptiveRateLimiter>> limiters_;
};

}  // namespace vigil::aws
