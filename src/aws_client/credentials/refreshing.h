// RefreshingProvider: the caching and refresh policy every expiring
// provider shares (IMDS, container, AssumeRole, web identity).
//
// get() returns the cached credentials while they are more than
// kRefreshMargin from expiring; otherwise it calls fetch() under the lock
// (concurrent callers wait for one refresh instead of each fetching).
// If the refresh fails while the cached credentials are still valid, those
// are returned and the next attempt waits kRetryAfterFailure; once they have
// expired the failure is returned. Credentials that arrive already expired
// are an Error ("expired at ..."), never handed out.
//
// refresh(rejected), after AWS refused credentials as expired: when the
// cached credentials are no longer `rejected` (another caller refreshed
// first) they are returned at once; otherwise fetch() runs under the lock,
// so a burst of calls failing together makes one fetch. For
// kRetryAfterFailure after a forced refresh for the same rejected
// credentials, its outcome (the credentials it got, or its Error) is
// returned again instead of fetching again.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "aws_client/credentials/credentials.h"

namespace vigil::aws {

class RefreshingProvider : public CredentialsProvider {
 public:
  static constexpr std::chrono::seconds kRetryAfterFailure{10};

  Result<Credentials> get() final;
  Result<Credentials> refresh(const Credentials& rejected) final;

 protected:
  explicit RefreshingProvider(WallClock now = {});
  virtual Result<Credentials> fetch() = 0;
  std::chrono::system_clock::time_point now() const;

 private:
  WallClock now_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;
  std::optional<std::chrono::system_clock::time_point> last_failure_;
  struct ForcedRefresh {  // the last refresh(): for which credentials, when, how it went
    std::string rejected;
    std::chrono::system_clock::time_point at;
    std::optional<Error> failure;
  };
  std::optional<ForcedRefresh> forced_;
};

// Credentials that never change (environment variables, keys in a profile).
class StaticProvider : public CredentialsProvider {
 public:
  StaticProvider(Credentials credentials, std::string description);
  Result<Credentials> get() override { return credentials_; }
  std::string describe() const override { return description_; }

 private:
  Credentials credentials_;
  std::string description_;
};

}  // namespace vigil::aws
