// AWS standard retry mode: which failures are retried, the full-jitter
// backoff bounds, and the retry quota's accounting.
#include "aws_client/transport/retry.h"

#include <gtest/gtest.h>

namespace vigil::aws {
namespace {

AwsCallError err(std::string code, int status) {
  AwsCallError e;
  e.code = std::move(code);
  e.http_status = status;
  return e;
}

TEST(RetryClassify, ThrottlingCodesAnd429) {
  for (const char* code :
       {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
        "SlowDown", "RequestThrottled", "ProvisionedThroughputExceededException"}) {
    EXPECT_EQ(classify_error(err(code, 400)), ErrorKind::Throttling) << code;
  }
  EXPECT_EQ(classify_error(err("SlowDown", 503)), ErrorKind::Throttling);
  EXPECT_EQ(classify_error(err("Whatever", 429)), ErrorKind::Throttling);
}

TEST(RetryClassify, TransientStatusesAndCodes) {
  for (int status : {500, 502, 503, 504})
    EXPECT_EQ(classify_error(err("InternalFailure", status)), ErrorKind::Transient);
  EXPECT_EQ(classify_error(err("RequestTimeout", 400)), ErrorKind::Transient);
  EXPECT_EQ(classify_error(err("RequestTimeoutException", 408)), ErrorKind::Transient);
  EXPECT_EQ(classify_error(err("TransportError", 0)), ErrorKind::Transport);
}

TEST(RetryClassify, ClientErrorsAreFatal) {
  EXPECT_EQ(classify_error(err("AccessDenied", 403)), ErrorKind::Fatal);
  EXPECT_EQ(classify_error(err("UnauthorizedOperation", 403)), ErrorKind::Fatal);
  EXPECT_EQ(classify_error(err("NoSuchBucketPolicy", 404)), ErrorKind::Fatal);
  EXPECT_EQ(classify_error(err("ValidationError", 400)), ErrorKind::Fatal);
  EXPECT_EQ(classify_error(err("NotImplemented", 501)), ErrorKind::Fatal);
}

TEST(RetryBackoff, FullJitterWithinExponentialCeiling) {
  RetryOptions options;  // base 1 s, cap 20 s
  using std::chrono::milliseconds;
  EXPECT_EQ(backoff_delay(options, 1, 0.0).count(), 0);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(backoff_delay(options, 1, 0.5)).count(), 500);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(backoff_delay(options, 2, 0.5)).count(), 1000);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(backoff_delay(options, 3, 0.5)).count(), 2000);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(backoff_delay(options, 4, 1.0)).count(), 8000);
  // Capped at max_backoff however many retries.
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(backoff_delay(options, 10, 1.0)).count(),
            20000);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(backoff_delay(options, 30, 0.25)).count(),
            5000);
}

TEST(RetryQuota, RetriesDrainAndSuccessesRefill) {
  RetryOptions options;
  RetryQuota quota(options);
  EXPECT_EQ(quota.available(), 500);
  int cost = 0;
  ASSERT_TRUE(quota.acquire(ErrorKind::Throttling, &cost));
  EXPECT_EQ(cost, 5);
  ASSERT_TRUE(quota.acquire(ErrorKind::Transport, &cost));
  EXPECT_EQ(cost, 10);
  EXPECT_EQ(quota.available(), 485);
  quota.release(10);  // success after a retry returns that retry's cost
  EXPECT_EQ(quota.available(), 495);
  quota.release(0);  // first-attempt success returns 1
  EXPECT_EQ(quota.available(), 496);
  for (int i = 0; i < 10; ++i) quota.release(0);
  EXPECT_EQ(quota.available(), 500);  // never above capacity
}

TEST(RetryQuota, EmptyBucketStopsRetrying) {
  RetryOptions options;
  options.quota_capacity = 12;
  RetryQuota quota(options);
  int cost = 0;
  EXPECT_TRUE(quota.acquire(ErrorKind::Transient, &cost));
  EXPECT_TRUE(quota.acquire(ErrorKind::Transient, &cost));
  EXPECT_FALSE(quota.acquire(ErrorKind::Transient, &cost));  // 2 left, a retry costs 5
  EXPECT_EQ(cost, 0);
  EXPECT_EQ(quota.available(), 2);
}

TEST(RetryQuota, DisabledQuotaAlwaysAllows) {
  RetryOptions options;
  options.retry_quota = false;
  options.quota_capacity = 0;
  RetryQuota quota(options);
  int cost = -1;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(quota.acquire(ErrorKind::Transport, &cost));
  EXPECT_EQ(cost, 0);
}

}  // namespace
}  // namespace vigil::aws
