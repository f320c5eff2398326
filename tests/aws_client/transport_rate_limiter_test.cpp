// The adaptive rate limiter's arithmetic, on a test clock (no real waiting):
// off until a throttle, cut to 0.7 x the measured rate on throttling, cubic
// growth back past the old rate afterwards, and waits that space sends at the
// fill rate.
#include "aws_client/transport/rate_limiter.h"

#include <cmath>

#include <gtest/gtest.h>

namespace vigil::aws {
namespace {

// Sends `per_second` requests per second for `seconds`, all successful.
void send_steadily(ManualClock& clock, AdaptiveRateLimiter& limiter, double per_second,
                   double seconds) {
  int n = static_cast<int>(per_second * seconds);
  for (int i = 0; i < n; ++i) {
    clock.advance(1.0 / per_second);
    limiter.acquire();
    limiter.update(false);
  }
}

TEST(AdaptiveRateLimiter, DisabledUntilFirstThrottle) {
  auto clock = std::make_shared<ManualClock>();
  AdaptiveRateLimiter limiter(clock);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(limiter.acquire(), 0.0);
    limiter.update(false);
  }
  EXPECT_FALSE(limiter.state().enabled);
  EXPECT_TRUE(clock->sleeps().empty());
}

TEST(AdaptiveRateLimiter, ThrottleCutsRateToBetaTimesMeasured) {
  auto clock = std::make_shared<ManualClock>();
  AdaptiveRateLimiter limiter(clock);
  send_steadily(*clock, limiter, 20, 5);  // 20 requests/s for 5 s
  double measured = limiter.state().measured_rate;
  EXPECT_NEAR(measured, 20, 1.0);
  limiter.update(true);
  auto s = limiter.state();
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.throttles, 1u);
  EXPECT_NEAR(s.last_max_rate, measured, 1e-9);
  EXPECT_NEAR(s.fill_rate, 0.7 * measured, 1e-9);
}

TEST(AdaptiveRateLimiter, WaitsSpaceSendsAtTheFillRate) {
  auto clock = std::make_shared<ManualClock>();
  AdaptiveRateLimiter limiter(clock);
  send_steadily(*clock, limiter, 10, 3);
  limiter.update(true);
  double rate = limiter.state().fill_rate;
  ASSERT_GT(rate, 0);
  // The bucket starts empty after a throttle: each send waits for one
  // token, i.e. sends are spaced 1/rate apart (the test clock advances by
  // exactly what was slept).
  double start = clock->now_seconds();
  for (int i = 1; i <= 5; ++i) EXPECT_NEAR(limiter.acquire(), 1 / rate, 1e-9);
  EXPECT_NEAR(clock->now_seconds() - start, 5 / rate, 1e-9);
}

TEST(AdaptiveRateLimiter, CubicRecoveryReachesThenExceedsTheOldRate) {
  auto clock = std::make_shared<ManualClock>();
  AdaptiveRateLimiter limiter(clock);
  send_steadily(*clock, limiter, 10, 5);
  limiter.update(true);
  auto after_throttle = limiter.state();
  double old_max = after_throttle.last_max_rate;
  double window = std::cbrt(old_max * (1 - 0.7) / 0.4);  // when the curve is back at old_max

  // Just after the throttle the rate stays near beta * old_max ...
  clock->advance(0.01);
  limiter.update(false);
  EXPECT_LT(limiter.state().fill_rate, old_max);
  EXPECT_NEAR(limiter.state().fill_rate, 0.4 * std::pow(0.01 - window, 3) + old_max, 1e-6);

  // ... and, with the sender keeping up, climbs back to old_max at t = W and
  // beyond it afterwards (bounded by twice the measured send rate).
  send_steadily(*clock, limiter, 10, window + 2.0);
  EXPECT_GT(limiter.state().fill_rate, old_max);
  EXPECT_LE(limiter.state().fill_rate, 2 * limiter.state().measured_rate + 1e-9);
}

TEST(AdaptiveRateLimiter, RepeatedThrottlesKeepCuttingButNotBelowTheFloor) {
  auto clock = std::make_shared<ManualClock>();
  AdaptiveRateLimiter limiter(clock);
  send_steadily(*clock, limiter, 10, 2);
  for (int i = 0; i < 50; ++i) {
    clock->advance(0.6);
    limiter.update(true);
  }
  auto s = limiter.state();
  EXPECT_EQ(s.throttles, 50u);
  EXPECT_GE(s.fill_rate, 0.5);
  EXPECT_LT(s.fill_rate, 1.0);
  EXPECT_GE(s.capacity, 1.0);
}

TEST(AdaptiveRateLimiter, InFlightThrottlesAreOneSignal) {
  auto clock = std::make_shared<ManualClock>();
  AdaptiveRateLimiter limiter(clock);
  send_steadily(*clock, limiter, 20, 3);
  // 16 requests sent at the same moment, all answered with a throttle.
  double sent = limiter.now();
  clock->advance(0.05);
  limiter.update(true, sent);
  double after_first = limiter.state().fill_rate;
  for (int i = 0; i < 15; ++i) limiter.update(true, sent);
  EXPECT_EQ(limiter.state().fill_rate, after_first);  // one cut, not sixteen
  EXPECT_EQ(limiter.state().throttles, 16u);
  // A request sent after that cut and throttled again cuts again.
  double later = limiter.now();
  clock->advance(0.05);
  limiter.update(true, later);
  EXPECT_LT(limiter.state().fill_rate, after_first);
}

TEST(RateLimiterRegistry, OneLimiterPerKey) {
  RateLimiterRegistry registry(std::make_shared<ManualClock>());
  auto a = registry.get("ec2/us-east-1/x");
  EXPECT_EQ(a, registry.get("ec2/us-east-1/x"));
  EXPECT_NE(a, registry.get("ec2/eu-west-1/x"));
  a->update(true);
  EXPECT_TRUE(a->state().enabled);
  EXPECT_FALSE(registry.get("ec2/eu-west-1/x")->state().enabled);
}

}  // namespace
}  // namespace vigil::aws
