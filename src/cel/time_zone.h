// Time zones for CEL's timestamp accessors (getHours("Europe/Paris") etc.).
//
// Contract
// - A zone is "UTC", a fixed offset "+05:30" / "-08:00" (a missing sign
//   means "+", as other CEL implementations accept "02:00"; one hour digit,
//   "-2:30", is accepted too), or an IANA name
//   such as "America/Los_Angeles" read from the system's TZif files
//   (/usr/share/zoneinfo, or $TZDIR when set). Instants after a file's last
//   transition follow its POSIX TZ footer rule (e.g. "PST8PDT,M3.2.0,M11.1.0").
// - Parsed zones are cached process-wide (thread-safe) behind a per-thread
//   memo of the last few zones, so a repeated lookup takes no lock. Unknown
//   names fail with an Error naming the zone.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace vigil::cel::tz {

// Offset east of UTC, in seconds, of `zone` at the instant `unix_seconds`.
Result<int64_t> utc_offset(std::string_view zone, int64_t unix_seconds);

}  // namespace vigil::cel::tz
