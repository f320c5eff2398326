// What the AwsClient does after a failed attempt that backing off and
// sending the same request again would not fix. Each at most once per call:
//  - expired credentials (is_expired_credentials_code): the call scope's
//    provider refresh()es them (concurrent failures share one refresh) and
//    the request is signed again with the fresh ones. When the provider
//    cannot refresh (static keys) or the refresh fails, AWS's error is
//    returned, its message extended with why nothing was refreshed.
//  - a skewed clock (transport/clock_skew.h): the client's offset is
//    corrected from the response's Date and the request is signed again at
//    the corrected time.
// These resends are not retries of the retry policy: no backoff, no retry
// quota, and they do not count toward max_attempts.
#pragma once

#include <chrono>
#include <string_view>

#include "aws_client/client.h"
#include "aws_client/credentials/credentials.h"
#include "aws_client/transport/clock_skew.h"
#include "aws_client/transport/http.h"

namespace vigil::aws {

// Codes by which AWS says the credentials (a session token) have expired:
// ExpiredToken (query, rest-xml and ec2 services: STS, IAM, S3, EC2, ...)
// and ExpiredTokenException (json services). Not RequestExpired: that one
// is about the request's signing time (a clock-skew error).
bool is_expired_credentials_code(std::string_view code);

class CallRecovery {
 public:
  CallRecovery(CredentialsProvider& provider, ClockSkew& skew) : provider_(provider), skew_(skew) {}

  // After attempt failed with `failure` (`response`: null for a transport
  // error) having been signed with `used` at `signed_at`: true when the
  // request should be signed again and sent at once.
  bool resend(AwsCallError& failure, const HttpResponse* response, const Credentials& used,
              std::chrono::system_clock::time_point signed_at);
  int resends() const { return int(refreshed_) + int(corrected_); }

 private:
  CredentialsProvider& provider_;
  ClockSkew& skew_;
  bool refreshed_ = false, corrected_ = false;
};

}  // namespace vigil::aws
