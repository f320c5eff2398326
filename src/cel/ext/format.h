// `string.format(list)` from the CEL strings extension, rendered as cel-go's
// formatter (version 2) does.
//
// Clauses: %% (a literal %), %s (any value: lists as [a, b], maps as
// {k: v} sorted by rendered key, bytes raw, durations as "<seconds>s",
// timestamps RFC 3339 with nanos, doubles shortest without exponent, NaN /
// Infinity / -Infinity), %d (int, uint, double), %f and %e (int, uint,
// double; precision %.Nf / %.Ne, default 6), %b (bool, int, uint), %x / %X
// (int, uint, string, bytes), %o (int, uint). Errors are values whose
// message starts "could not parse formatting clause" or "error during
// formatting", or name the missing argument index.
#pragma once

#include <string>
#include <string_view>

#include "cel/value.h"

namespace vigil::cel::ext {

// `args` must be a List.
Value format_string(std::string_view fmt, const Value& args);

// The %s rendering of one value, or an Error value when it has none.
Value format_as_string(const Value& v);

// RFC 3339 rendering of a timestamp with trailing-zero-trimmed nanos and a
// "Z" suffix, e.g. "2009-11-10T23:00:00Z", "1970-01-01T00:00:00.5Z".
std::string format_rfc3339(int64_t seconds, int32_t nanos);

}  // namespace vigil::cel::ext
