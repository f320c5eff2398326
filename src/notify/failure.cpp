// Delivery failure kinds carried in Error::code.
#include "notify/failure.h"

namespace vigil::notify {

namespace {

constexpr std::string_view kPrefix = "notify.";
constexpr FailureKind kKinds[] = {FailureKind::ServerDown, FailureKind::AuthFailed,
                                  FailureKind::RecipientRefused, FailureKind::Rejected,
                                  FailureKind::BadConfig};

}  // namespace

std::string_view to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::ServerDown:
      return "server-down";
    case FailureKind::AuthFailed:
      return "auth-failed";
    case FailureKind::RecipientRefused:
      return "recipient-refused";
    case FailureKind::Rejected:
      return "rejected";
    case FailureKind::BadConfig:
      return "bad-config";
  }
  return "bad-config";
}

Error delivery_failure(FailureKind kind, std::string message) {
  Error::Kind general = kind == FailureKind::ServerDown ? Error::Kind::Unavailable
                        : kind == FailureKind::AuthFailed || kind == FailureKind::BadConfig
                            ? Error::Kind::InvalidInput
                            : Error::Kind::Conflict;
  return Error(std::move(message))
      .with_kind(general)
      .with_code(std::string(kPrefix) + std::string(to_string(kind)));
}

FailureKind failure_kind(const Error& error) {
  for (FailureKind k : kKinds)
    if (error.code.size() > kPrefix.size() && error.code.substr(kPrefix.size()) == to_string(k))
      return k;
  return FailureKind::BadConfig;
}

}  // namespace vigil::notify
