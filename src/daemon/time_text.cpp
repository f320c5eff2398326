#include "daemon/time_text.h"

#include <fmt/format.h>

#include "cel/time_util.h"

namespace vigil::daemon {

Result<Time> parse_time(std::string_view text) {
  std::string full(text);
  if (full.size() == 10 && full[4] == '-' && full[7] == '-') full += "T00:00:00Z";
  auto parsed = cel::timeutil::parse_rfc3339(full);
  if (!parsed.ok())
    return Error::at_offset(fmt::format("'{}' is not a time: {}; write RFC 3339 (2026-11-26T10:00:00Z) or a "
                                        "date (2026-11-26)",
                                        text, parsed.error().message),
                            0);
  return Time(std::chrono::duration_cast<Time::duration>(std::chrono::seconds(parsed->seconds) +
                                                         std::chrono::nanoseconds(parsed->nanos)));
}

std::string format_time(Time t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  int32_t nanos = static_cast<int32_t>((ms - seconds * 1000) * 1000000);
  return cel::timeutil::format_rfc3339(seconds, nanos);
}

}  // namespace vigil::daemon
