#include "aws_client/credentials/refreshing.h"

#include "aws_client/credentials/credentials_json.h"

namespace vigil::aws {

RefreshingProvider::RefreshingProvider(WallClock now) : now_(std::move(now)) {}

std::chrono::system_clock::time_point RefreshingProvider::now() const {
  return now_ ? now_() : std::chrono::system_clock::now();
}

Result<Credentials> RefreshingProvider::get() {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto current = now();
  auto fresh = [&](const Credentials& c) {
    return !c.expiration || *c.expiration - current > kRefreshMargin;
  };
  auto valid = [&](const Credentials& c) { return !c.expiration || *c.expiration > current; };
  if (cached_ && fresh(*cached_)) return *cached_;
  if (cached_ && valid(*cached_) && last_failure_ &&
      current - *last_failure_ < kRetryAfterFailure) {
    return *cached_;
  }
  Result<Credentials> fetched = fetch();
  if (fetched.ok() && !valid(*fetched)) {
    Error e;
    e.message = describe() + ": the credentials received expired at " +
                format_utc(*fetched->expiration) + " (now " + format_utc(current) +
                "); check the source and this machine's clock";
    fetched = e;
  }
  if (!fetched.ok()) {
    last_failure_ = current;
    if (cached_ && valid(*cached_)) return *cached_;
    return fetched.error();
  }
  last_failure_.reset();
  cached_ = *fetched;
  return *cached_;
}

namespace {

// Which credentials these are (the secret adds nothing: the key id and the
// session token tell apart every pair a source hands out).
std::string identity(const Credentials& c) { return c.access_key_id + '\n' + c.session_token; }

}  // namespace

Result<Credentials> RefreshingProvider::refresh(const Credentials& rejected) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto current = now();
  auto valid = [&](const Credentials& c) { return !c.expiration || *c.expiration > current; };
  const std::string refused = identity(rejected);
  if (cached_ && identity(*cached_) != refused && valid(*cached_)) return *cached_;
  if (forced_ && forced_->rejected == refused && current - forced_->at < kRetryAfterFailure) {
    if (forced_->failure) return *forced_->failure;
    if (cached_) return *cached_;
  }
  Result<Credentials> fetched = fetch();
  if (fetched.ok() && !valid(*fetched)) {
    fetched = Error(describe() + ": the credentials received expired at " +
                    format_utc(*fetched->expiration) + " (now " + format_utc(current) +
                    "); check the source and this machine's clock");
  }
  forced_ = ForcedRefresh{refused, current, std::nullopt};
  if (!fetched.ok()) {
    forced_->failure = fetched.error();
    return fetched.error();
  }
  last_failure_.reset();
  cached_ = *fetched;
  return *cached_;
}

StaticProvider::StaticProvider(Credentials credentials, std::string description)
    : credentials_(std::move(credentials)), description_(std::move(description)) {}

}  // namespace vigil::aws
