// Compiled RE2 patterns for CEL's `matches`, shared through a process-wide,
// thread-safe, bounded cache: policies apply the same few patterns to
// millions of values, so each pattern is compiled once.
//
// Contract
// - compiled_regex() returns the RE2 for `pattern` (RE2 syntax, UTF-8), or an
//   Error quoting the pattern and RE2's reason when it does not compile.
// - The cache holds at most kMaxCachedPatterns patterns; when full it is
//   emptied (patterns in use stay alive through their shared_ptr).
// - A small per-thread memo in front of the cache makes the common case (the
//   same pattern again) lock-free.
#pragma once

#include <memory>
#include <string_view>

#include <re2/re2.h>

#include "core/result.h"

namespace vigil::cel::stdlib {

inline constexpr size_t kMaxCachedPatterns = 4096;

Result<std::shared_ptr<const re2::RE2>> compiled_regex(std::string_view pattern);

}  // namespace vigil::cel::stdlib
