// Adaptive (CUBIC-like) client-side rate limiter; see rate_limiter.h.
#include "aws_client/transport/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace vigil::aws {
namespace {

constexpr double kBeta = 0.7;           // multiplicative decrease on throttle
constexpr double kScale = 0.4;          // C of the cubic growth curve
constexpr double kSmoothing = 0.8;      // weight of the newest rate sample
constexpr double kBucketSeconds = 0.5;  // send-rate measurement bucket
constexpr double kMinFillRate = 0.5;    // requests per second
constexpr double kMinCapacity = 1.0;

}  // namespace

AdaptiveRateLimiter::AdaptiveRateLimiter(std::shared_ptr<Clock> clock) : clock_(std::move(clock)) {}

void AdaptiveRateLimiter::refill_locked(double now) {
  if (last_refill_ >= 0 && now > last_refill_) {
    tokens_ = std::min(capacity_, tokens_ + (now - last_refill_) * fill_rate_);
  }
  last_refill_ = now;
}

double AdaptiveRateLimiter::acquire() {
  double wait = 0;
  {
    std::lock_guard lock(mutex_);
    if (!enabled_) return 0;
    double now = clock_->now_seconds();
    refill_locked(now);
    tokens_ -= 1;  // reserve; a negative balance is the queue ahead of the next caller
    if (tokens_ < 0) wait = -tokens_ / fill_rate_;
  }
  if (wait > 0)
    clock_->sleep_for(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(wait)));
  return wait;
}

void AdaptiveRateLimiter::measure_locked(double now) {
  double bucket = std::floor(now / kBucketSeconds) * kBucketSeconds;
  if (bucket_start_ < 0) {
    bucket_start_ = bucket;
    first_seen_ = now;
  }
  bucket_count_ += 1;
  if (bucket > bucket_start_) {
    double sample = bucket_count_ / (bucket - bucket_start_);
    measured_rate_ = sample * kSmoothing + measured_rate_ * (1 - kSmoothing);
    bucket_count_ = 0;
    bucket_start_ = bucket;
  }
}

double AdaptiveRateLimiter::cubic_success_locked(double now) const {
  double dt = now - last_throttle_time_ - time_window_;
  return kScale * dt * dt * dt + last_max_rate_;
}

void AdaptiveRateLimiter::set_rate_locked(double rate) {
  double now = clock_->now_seconds();
  refill_locked(now);
  fill_rate_ = std::max(rate, kMinFillRate);
  capacity_ = std::max(rate, kMinCapacity);
  tokens_ = std::min(tokens_, capacity_);
}

double AdaptiveRateLimiter::now() { return clock_->now_seconds(); }

void AdaptiveRateLimiter::update(bool throttled, double sent_at) {
  std::lock_guard lock(mutex_);
  double now = clock_->now_seconds();
  measure_locked(now);
  double rate;
  if (throttled) {
    ++throttles_;
    // Requests already in flight when the rate was last cut answer with the
    // same congestion signal: one cut per signal, not one per such response.
    if (enabled_ && sent_at >= 0 && sent_at < last_throttle_time_) return;
    double measured = measured_rate_;
    if (measured <= 0 && first_seen_ >= 0) {
      // Throttled before the first measurement bucket closed (a burst at
      // start-up): estimate from what was sent so far.
      measured = bucket_count_ / std::max(now - first_seen_, kBucketSeconds);
    }
    double base = enabled_ ? std::min(measured, fill_rate_) : measured;
    if (base <= 0) base = kMinFillRate / kBeta;  // nothing sent yet: start from the floor
    last_max_rate_ = base;
    time_window_ = std::cbrt(last_max_rate_ * (1 - kBeta) / kScale);
    last_throttle_time_ = now;
    rate = base * kBeta;
    if (!enabled_) {
      enabled_ = true;
      tokens_ = 0;
      last_refill_ = now;
    }
  } else {
    if (!enabled_) return;  // nothing to adapt until the first throttle
    time_window_ = std::cbrt(last_max_rate_ * (1 - kBeta) / kScale);
    rate = cubic_success_locked(now);
  }
  if (measured_rate_ > 0) rate = std::min(rate, 2 * measured_rate_);
  set_rate_locked(rate);
}

RateLimiterState AdaptiveRateLimiter::state() {
  std::lock_guard lock(mutex_);
  RateLimiterState s;
  s.enabled = enabled_;
  s.fill_rate = fill_rate_;
  s.capacity = capacity_;
  s.tokens = tokens_;
  s.measured_rate = measured_rate_;
  s.last_max_rate = last_max_rate_;
  s.throttles = throttles_;
  return s;
}

std::shared_ptr<AdaptiveRateLimiter> RateLimiterRegistry::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& limiter = limiters_[key];
  if (!limiter) limiter = std::make_shared<AdaptiveRateLimiter>(clock_);
  return limiter;
}

}  // namespace vigil::aws
