// The query parameters of an API request, checked: every parameter must be
// one the route accepts (a typo is a 400 naming it, never a silently
// ignored filter), given once, and well-formed.
//
// Cursors are opaque to clients: "k" followed by the hexadecimal key of the
// last row of the previous page (keyset pagination: a page never repeats or
// skips a row when rows are added meanwhile, as new rows have larger keys).
#pragma once

#include <httplib.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::api {

// Where a page of a sorted list starts: after the row (value, id).
struct SortedPosition {
  int64_t value = 0;
  int64_t id = 0;
};

class Query {
 public:
  explicit Query(const httplib::Request& request) : request_(request) {}

  // An error (kind InvalidInput, the parameter in Error::subject) for a
  // parameter not in `allowed` or given twice.
  Status check(std::initializer_list<std::string_view> allowed) const;
  std::optional<std::string> text(const std::string& name) const;
  // `limit`: 1..max, default when absent.
  Result<size_t> limit(size_t fallback, size_t max) const;
  // `cursor`: the key after which the page starts (0 when absent).
  Result<int64_t> cursor() const;
  // `cursor` of a list sorted by `sort` (not by key): the last row's sort
  // value and key ({0, 0} when absent). A cursor made for another sort, or
  // a key cursor, is an error.
  Result<SortedPosition> sorted_cursor(std::string_view sort) const;
  // A whole-number parameter in [min, max]; `fallback` when absent, or an
  // error when absent and no fallback is given.
  Result<int64_t> number(const std::string& name, std::optional<int64_t> fallback, int64_t min,
                         int64_t max) const;
  // `order`: "asc" (default, oldest first) or "desc" (newest first): true for desc.
  Result<bool> descending() const;
  // A boolean parameter: "true" or "false".
  Result<bool> flag(const std::string& name, bool fallback) const;

 private:
  const httplib::Request& request_;
};

std::string cursor_after(int64_t key);
// The cursor after the row (value, key) of a list sorted by `sort`.
std::string cursor_after(std::string_view sort, int64_t value, int64_t key);

}  // namespace vigil::api
