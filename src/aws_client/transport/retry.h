// AWS "standard" retry mode, as the AWS SDKs define it:
//  - at most max_attempts sends per call (default 3, first send included);
//  - retried: throttling errors (by error code, or HTTP 429), transient errors
//    (RequestTimeout and friends, HTTP 500/502/503/504) and transport errors
//    (no response: connect, reset, timeout); everything else (AccessDenied,
//    validation, not found) is returned at once;
//  - the delay before retry i (i = 1 for the first retry) is full jitter:
//    uniform(0, 1) * min(base_delay * 2^(i-1), max_backoff), base 1 s, cap 20 s;
//  - a retry quota (token bucket, 500 tokens, one bucket per service+region):
//    a retry costs 5 tokens (10 after a transport error: no response), a call that
//    succeeds on its first attempt returns 1 token, a call that succeeds after
//    retries returns what its last retry cost. With the bucket empty, failures
//    are returned without retrying: a sustained outage does not multiply load.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string_view>

#include "aws_client/client.h"

namespace vigil::aws {

enum class ErrorKind { Throttling, Transient, Transport, Fatal };

// Classifies a failed attempt: code "TransportError" is Transport; a code in
// the throttling list or HTTP 429 is Throttling; a transient code or HTTP
// 500/502/503/504 is Transient; the rest is Fatal.
ErrorKind classify_error(const AwsCallError& error);
bool is_throttling_code(std::string_view code);

struct RetryOptions {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{1000};
  std::chrono::milliseconds max_backoff{20000};
  bool retry_quota = true;
  int quota_capacity = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
  int no_retry_increment = 1;
};

// Full-jitter delay before retry `retry` (1-based); `random01` in [0, 1).
std::chrono::nanoseconds backoff_delay(const RetryOptions& options, int retry, double random01);

// The retry quota of one service+region. Thread-safe.
class RetryQuota {
 public:
  explicit RetryQuota(const RetryOptions& options);
  // Takes the cost of one retry after `kind`; false (nothing taken) when the
  // bucket cannot pay: the caller must stop retrying. Returns the cost taken.
  bool acquire(ErrorKind kind, int* cost_taken);
  // A call succeeded; `last_retry_cost` is 0 when it succeeded first time.
  void release(int last_retry_cost);
  int available();

 private:
  RetryOptions options_;
  std::mutex mutex_;
  int available_;
};

}  // namespace vigil::aws
