// Typed condition values: numbers (NumericLessThan ...) and dates
// (DateGreaterThan ...) as AWS reads them.
//
// Contract
// - parse_number: a decimal integer or fraction with an optional sign and
//   exponent ("10", "-1.5", "1e3"); nothing else, no surrounding blanks.
// - parse_date: the W3C profile of ISO 8601 "2026-01", "2026-01-31", "2026-01-31T12:00Z",
//   "2026-01-31T12:00:00.5+02:00" (no zone: UTC), or epoch seconds "1700000000";
//   the result is seconds since the epoch.
#pragma once

#include <optional>
#include <string_view>

namespace vigil::iam {

std::optional<double> parse_number(std::string_view text);
std::optional<double> parse_date(std::string_view text);

}  // namespace vigil::iam
