// See limits.h.
#include "core/limits.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace vigil {
namespace {

constexpr std::array<LimitInfo, 7> kLimits = {{
    {"evaluation_steps", &Limits::evaluation_steps, false,
     "steps (comprehension iterations and calls) of one CEL evaluation"},
    {"evaluation_bytes", &Limits::evaluation_bytes, true, "values one CEL evaluation may build"},
    {"http_response_bytes", &Limits::http_response_bytes, true, "the body of one HTTP response"},
    {"http_header_bytes", &Limits::http_header_bytes, true, "the headers of one HTTP response"},
    {"listing_pages", &Limits::listing_pages, false, "pages of one paginated AWS call"},
    {"listing_bytes", &Limits::listing_bytes, true,
     "response bodies of all the pages of one paginated AWS call"},
    {"aws_config_file_bytes", &Limits::aws_config_file_bytes, true,
     "one AWS Config file, once decompressed"},
}};

std::string names() {
  std::string out;
  for (const LimitInfo& info : kLimits)
    out += std::string(out.empty() ? "" : ", ") + std::string(info.name);
  return out;
}

Error invalid(std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::InvalidInput);
}

}  // namespace

std::span<const LimitInfo> limit_table() { return kLimits; }

Status set_limit(Limits& limits, std::string_view name, std::string_view value) {
  const LimitInfo* info = nullptr;
  for (const LimitInfo& candidate : kLimits)
    if (candidate.name == name) info = &candidate;
  if (info == nullptr)
    return invalid(fmt::format("unknown limit '{}'; the limits are: {}", name, names()));
  std::string_view number = value;
  uint64_t scale = 1;
  if (info->bytes) {
    static constexpr std::pair<std::string_view, uint64_t> kSuffixes[] = {
        {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}};
    for (const auto& [suffix, factor] : kSuffixes) {
      if (number.ends_with(suffix)) {
        number.remove_suffix(suffix.size());
        while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
        scale = factor;
      }
    }
  }
  uint64_t parsed = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), parsed);
  bool whole = error == std::errc() && end == number.data() + number.size() && !number.empty();
  if (!whole || parsed == 0 || parsed > UINT64_MAX / scale)
    return invalid(fmt::format("limit {}: '{}' is not {}", name, value,
                               info->bytes ? "a positive size (a whole number of bytes, or with "
                                             "KiB, MiB or GiB: 64MiB)"
                                           : "a positive whole number"));
  limits.*(info->member) = parsed * scale;
  return {};
}

Status set_limit_assignment(Limits& limits, std::string_view assignment) {
  size_t eq = assignment.find('=');
  if (eq == std::string_view::npos)
    return invalid(
        fmt::format("--limit '{}': expected NAME=VALUE, e.g. evaluation_steps=20000000; "
                    "the limits are: {}",
                    assignment, names()));
  return set_limit(limits, assignment.substr(0, eq), assignment.substr(eq + 1));
}

std::string format_limit(const LimitInfo& info, uint64_t value) {
  if (info.bytes) {
    if (value % (1ull << 30) == 0) return fmt::format("{} GiB", value >> 30);
    if (value % (1ull << 20) == 0) return fmt::format("{} MiB", value >> 20);
    if (value % (1ull << 10) == 0) return fmt::format("{} KiB", value >> 10);
  }
  return std::to_string(value);
}

}  // namespace vigil
