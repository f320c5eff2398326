// Times as users write them in vigil.yaml and on the command line (UTC).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::daemon {

using Time = std::chrono::system_clock::time_point;

// RFC 3339 ("2026-11-26T10:00:00Z", any offset, fractions) or a plain date
// ("2026-11-26", midnight UTC). Errors say which forms are accepted.
Result<Time> parse_time(std::string_view text);

// "2026-11-26T10:00:00Z" (milliseconds shown only when not zero).
std::string format_time(Time t);

}  // namespace vigil::daemon
