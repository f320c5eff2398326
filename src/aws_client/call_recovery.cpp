// See call_recovery.h.
#include "aws_client/call_recovery.h"

namespace vigil::aws {

bool is_expired_credentials_code(std::string_view code) {
  return code == "ExpiredToken" || code == "ExpiredTokenException";
}

bool CallRecovery::resend(AwsCallError& failure, const HttpResponse* response,
                          const Credentials& used,
                          std::chrono::system_clock::time_point signed_at) {
  if (response == nullptr) return false;
  if (is_expired_credentials_code(failure.code)) {
    if (refreshed_) return false;
    refreshed_ = true;
    Result<Credentials> fresh = provider_.refresh(used);
    if (fresh.ok()) return true;
    failure.message += " (not refreshed: " + fresh.error().message + ")";
    return false;
  }
  if (!corrected_ && skew_.correct(failure, response->headers, signed_at)) {
    corrected_ = true;
    return true;
  }
  return false;
}

}  // namespace vigil::aws
