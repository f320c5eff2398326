// Why a delivery failed, as an error kind a caller decides on (the
// dispatcher retries every kind with backoff; people read the message).
// The kind travels in Error::code ("notify.server-down", ...).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::notify {

enum class FailureKind {
  ServerDown,        // no answer: connect refused, timeout, TLS broken, HTTP 5xx
  AuthFailed,        // credentials refused
  RecipientRefused,  // the server refused a recipient (RCPT TO)
  Rejected,          // the message itself was refused (DATA, HTTP 4xx)
  BadConfig,         // this deployment's settings cannot work (no secret, TLS not offered)
};
std::string_view to_string(FailureKind kind);  // "server-down", ...

Error delivery_failure(FailureKind kind, std::string message);
// The kind of an Error made by delivery_failure (BadConfig for any other).
FailureKind failure_kind(const Error& error);

}  // namespace vigil::notify
