// Checked query parameters (query.h).
#include "api/query.h"

#include <fmt/format.h>
#include "core/invalid_input.h"

#include <charconv>

namespace vigil::api {

namespace {

Error invalid(std::string field, std::string message) {
  return invalid_input(std::move(message), std::move(field));
}

}  // namespace

Status Query::check(std::initializer_list<std::string_view> allowed) const {
  for (auto it = request_.params.begin(); it != request_.params.end();) {
    const std::string& name = it->first;
    bool known = false;
    for (std::string_view a : allowed) known = known || a == name;
    if (!known) return invalid(name, fmt::format("unknown query parameter '{}'", name));
    if (request_.params.count(name) > 1)
      return invalid(name, fmt::format("query parameter '{}' given more than once", name));
    it = request_.params.upper_bound(name);
  }
  return {};
}

std::optional<std::string> Query::text(const std::string& name) const {
  if (!request_.has_param(name)) return std::nullopt;
  return request_.get_param_value(name);
}

Result<size_t> Query::limit(size_t fallback, size_t max) const {
  auto given = text("limit");
  if (!given) return fallback;
  size_t n = 0;
  auto [end, ec] = std::from_chars(given->data(), given->data() + given->size(), n);
  if (ec != std::errc() || end != given->data() + given->size() || n == 0 || n > max)
    return invalid("limit", fmt::format("limit must be a whole number from 1 to {}", max));
  return n;
}

Result<int64_t> Query::cursor() const {
  auto given = text("cursor");
  if (!given) return int64_t{0};
  int64_t key = 0;
  const char* begin = given->data() + 1;
  const char* last = given->data() + given->size();
  auto [end, ec] = given->size() > 1 && (*given)[0] == 'k'
                       ? std::from_chars(begin, last, key, 16)
                       : std::from_chars_result{begin, std::errc::invalid_argument};
  if (ec != std::errc() || end != last || key <= 0)
    return invalid("cursor", "cursor is not one this API returned (use next_cursor as is)");
  return key;
}

Result<SortedPosition> Query::sorted_cursor(std::string_view sort) const {
  auto given = text("cursor");
  if (!given) return SortedPosition{};
  // "<sort>:<decimal value>:<hex key>"
  std::string_view c = *given;
  auto bad = [&] {
    return invalid("cursor", fmt::format("cursor is not one this API returned for sort={} (use "
                                         "next_cursor as is, with the same sort)",
                                         sort));
  };
  if (c.size() <= sort.size() + 1 || c.substr(0, sort.size()) != sort || c[sort.size()] != ':')
    return bad();
  c.remove_prefix(sort.size() + 1);
  size_t colon = c.find(':');
  if (colon == std::string_view::npos) return bad();
  SortedPosition at;
  auto [value_end, value_ec] = std::from_chars(c.data(), c.data() + colon, at.value);
  auto [key_end, key_ec] = std::from_chars(c.data() + colon + 1, c.data() + c.size(), at.id, 16);
  if (value_ec != std::errc() || value_end != c.data() + colon || key_ec != std::errc() ||
      key_end != c.data() + c.size() || at.id <= 0)
    return bad();
  return at;
}

Result<int64_t> Query::number(const std::string& name, std::optional<int64_t> fallback, int64_t min,
                              int64_t max) const {
  auto given = text(name);
  if (!given) {
    if (fallback) return *fallback;
    return invalid(name, fmt::format("query parameter '{}' is required", name));
  }
  int64_t n = 0;
  auto [end, ec] = std::from_chars(given->data(), given->data() + given->size(), n);
  if (ec != std::errc() || end != given->data() + given->size() || n < min || n > max)
    return invalid(name, fmt::format("{} must be a whole number from {} to {}", name, min, max));
  return n;
}

Result<bool> Query::descending() const {
  auto given = text("order");
  if (!given || *given == "asc") return false;
  if (*given == "desc") return true;
  return invalid("order", "order must be asc (oldest first) or desc (newest first)");
}

Result<bool> Query::flag(const std::string& name, bool fallback) const {
  auto given = text(name);
  if (!given) return fallback;
  if (*given == "true") return true;
  if (*given == "false") return false;
  return invalid(name, fmt::format("{} must be true or false", name));
}

std::string cursor_after(int64_t key) { return fmt::format("k{:x}", key); }

std::string cursor_after(std::string_view sort, int64_t value, int64_t key) {
  return fmt::format("{}:{}:{:x}", sort, value, key);
}

}  // namespace vigil::api
