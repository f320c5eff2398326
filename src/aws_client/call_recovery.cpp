// See call_recovery.h.
#include "aws_client/call_recovery.h"

namespace vigil::aws {

bool is_expired_credentials_code(std::string_view code) {
  return code == "ExpiredToken" || code == "ExpiredTokenException";
}

bool CallRecovery::resend(AwsCallError& failure, const HttpResponse* response,
                          const Credentials& used) {
  if (response == nullptr) return false;
  if (!is_expired_credentials_code(failure.code) || refreshed_) return false;
  refreshed_ = true;
  Result<Credentials> fresh = provider_.refresh(used);
  if (fresh.ok()) return true;
  failure.message += " (not refreshed: " + fresh.error().message + ")";
  return false;
}

}  // namespace vigil::aws
