// AWS standard retry mode: error classification, full-jitter backoff and the
// retry quota. See retry.h.
#include "aws_client/transport/retry.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace vigil::aws {
namespace {

// Error codes the AWS SDKs treat as throttling.
constexpr std::array<std::string_view, 15> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "ThrottlingError",
};

// Error codes the AWS SDKs treat as transient.
constexpr std::array<std::string_view, 5> kTransientCodes = {
    "RequestTimeout",     "RequestTimeoutException", "InternalError",
    "ServiceUnavailable", "IDPCommunicationError",
};

}  // namespace

bool is_throttling_code(std::string_view code) {
  return std::find(kThrottlingCodes.begin(), kThrottlingCodes.end(), code) !=
         kThrottlingCodes.end();
}

ErrorKind classify_error(const AwsCallError& error) {
  if (error.code == "TransportError") return ErrorKind::Transport;
  if (is_throttling_code(error.code) || error.http_status == 429) return ErrorKind::Throttling;
  if (std::find(kTransientCodes.begin(), kTransientCodes.end(), error.code) !=
      kTransientCodes.end()) {
    return ErrorKind::Transient;
  }
  switch (error.http_status) {
    case 500:
    case 502:
    case 503:
    case 504:
      return ErrorKind::Transient;
    default:
      return ErrorKind::Fatal;
  }
}

std::chrono::nanoseconds backoff_delay(const RetryOptions& options, int retry, double random01) {
  double base = std::chrono::duration<double>(options.base_delay).count();
  double cap = std::chrono::duration<double>(options.max_backoff).count();
  double ceiling = std::min(base * std::pow(2.0, std::max(0, retry - 1)), cap);
  double seconds = std::clamp(random01, 0.0, 1.0) * ceiling;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(seconds));
}

RetryQuota::RetryQuota(const RetryOptions& options)
    : options_(options), available_(options.quota_capacity) {}

bool RetryQuota::acquire(ErrorKind kind, int* cost_taken) {
  int cost = kind == ErrorKind::Transport ? options_.timeout_retry_cost : options_.retry_cost;
  *cost_taken = 0;
  if (!options_.retry_quota) return true;
  std::lock_guard lock(mutex_);
  if (available_ < cost) return false;
  available_ -= cost;
  *cost_taken = cost;
  return true;
}

void RetryQuota::release(int last_retry_cost) {
  if (!options_.retry_quota) return;
  std::lock_guard lock(mutex_);
  int refund = last_retry_cost > 0 ? last_retry_cost : options_.no_retry_increment;
  available_ = std::min(options_.quota_capacity, available_ + refund);
}

int RetryQuota::available() {
  std::lock_guard lock(mutex_);
  return available_;
}

}  // namespace vigil::aws
