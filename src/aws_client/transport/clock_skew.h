// Clock skew correction for request signing.
//
// A SigV4 signature carries the time it was made, and AWS refuses one more
// than 5 minutes (S3: 15) away from its own clock. On a machine whose clock
// is off every call then fails (RequestTimeTooSkewed, RequestExpired,
// "Signature expired"). ClockSkew keeps the offset between this machine's
// wall clock and AWS's, learnt from the Date header of a response that
// refused a request for its time; the AwsClient signs every request at
// now() = wall clock + offset (one offset per client, shared by all its
// threads: it is this machine's error, not an endpoint's).
//
// correct() changes the offset, and says to resend, when both
//  - the error is a clock-skew error (is_clock_skew_error): the codes
//    RequestTimeTooSkewed, RequestExpired, RequestInTheFuture, or
//    SignatureDoesNotMatch / InvalidSignatureException / AuthFailure with a
//    message about the signing time ("Signature expired", "Signature not
//    yet current"), and
//  - the response's Date header (RFC 1123) is more than kThreshold away
//    from the time the request was signed at;
// the new offset is Date minus the wall clock when the response arrived.
// A Date more than kMaxOffset from this machine's clock is not believed (an
// endpoint's answer must not move every later signature by years).
// Without a Date header, or when the request's time agreed with it, the
// error stands. botocore has no skew correction (boto3 issue #1252); the
// AWS SDKs for Java, JavaScript, Ruby and Rust correct it this way.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws_client/client.h"                   // AwsCallError
#include "aws_client/credentials/credentials.h"  // WallClock
#include "aws_client/transport/http.h"

namespace vigil::aws {

bool is_clock_skew_error(const AwsCallError& error);

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 1123, the form HTTP/1.1 servers
// send); nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);
std::string format_http_date(std::chrono::system_clock::time_point time);

class ClockSkew {
 public:
  static constexpr std::chrono::seconds kThreshold{60};
  static constexpr std::chrono::hours kMaxOffset{24};

  explicit ClockSkew(WallClock wall = {});
  // The signing time: the wall clock plus the offset.
  std::chrono::system_clock::time_point now() const;
  std::chrono::milliseconds offset() const;
  // A request signed at `signed_at` failed with `error` and `headers`: true
  // when the offset was corrected and the request should be signed again.
  bool correct(const AwsCallError& error, const HttpHeaders& headers,
               std::chrono::system_clock::time_point signed_at);

 private:
  std::chrono::system_clock::time_point wall() const;

  WallClock wall_;
  std::atomic<int64_t> offset_ms_{0};
};

}  // namespace vigil::aws
