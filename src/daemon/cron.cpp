// Cron parsing (field by field, positions kept for errors) and the
// next-run search (skip whole months, days and hours that cannot match).
#include "daemon/cron.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <vector>

namespace vigil::daemon {
namespace {

using namespace std::chrono;

struct FieldSpec {
  const char* name;
  int min, max;
  std::vector<std::string_view> names;  // names[i] stands for min + i
};

const std::array<FieldSpec, 5>& field_specs() {
  static const std::array<FieldSpec, 5> specs = {{
      {"minute", 0, 59, {}},
      {"hour", 0, 23, {}},
      {"day of month", 1, 31, {}},
      {"month", 1, 12, {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
      {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
  }};
  return specs;
}

Error error_at(size_t offset, std::string message) { return Error::at_offset(std::move(message), offset); }

// One value: a number or a name. `pos` advances past it.
Result<int> parse_value(std::string_view text, size_t& pos, size_t base, const FieldSpec& spec) {
  size_t start = pos;
  if (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    int v = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      v = v * 10 + (text[pos] - '0');
      if (v > 10000) break;
      ++pos;
    }
    if (v < spec.min || v > spec.max)
      return error_at(base + start, fmt::format("{} {} is out of range {}-{}", spec.name, v, spec.min, spec.max));
    return v;
  }
  while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
  std::string word(text.substr(start, pos - start));
  for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < spec.names.size(); ++i)
    if (word == spec.names[i]) return spec.min + static_cast<int>(i);
  if (word.empty())
    return error_at(base + start, fmt::format("expected a number in the {} field", spec.name));
  return error_at(base + start,
                  spec.names.empty()
                      ? fmt::format("'{}' is not a number ({} field: {}-{})", word, spec.name, spec.min, spec.max)
                      : fmt::format("'{}' is not a {} name (use {}..{} or numbers)", word, spec.name,
                                    spec.names.front(), spec.names.back()));
}

// One field into a set of values; `restricted` is false when it starts with '*'.
Status parse_field(std::string_view text, size_t base, const FieldSpec& spec, std::vector<bool>& values,
                   bool& restricted) {
  values.assign(spec.max + 1, false);
  restricted = text.empty() || text[0] != '*';
  size_t pos = 0;
  while (true) {
    int lo, hi;
    bool star = false;
    size_t item_start = pos;
    if (pos < text.size() && text[pos] == '*') {
      star = true;
      lo = spec.min;
      hi = spec.max;
      ++pos;
    } else {
      auto a = parse_value(text, pos, base, spec);
      if (!a.ok()) return a.error();
      lo = hi = *a;
      if (pos < text.size() && text[pos] == '-') {
        ++pos;
        auto b = parse_value(text, pos, base, spec);
        if (!b.ok()) return b.error();
        hi = *b;
        if (hi < lo)
          return error_at(base + item_start,
                          fmt::format("range {}-{} in the {} field runs backwards", lo, hi, spec.name));
      }
    }
    int step = 1;
    if (pos < text.size() && text[pos] == '/') {
      size_t step_at = ++pos;
      if (pos >= text.size() || !std::isdigit(static_cast<unsigned char>(text[pos])))
        return error_at(base + step_at, fmt::format("expected a step number after '/' in the {} field", spec.name));
      step = 0;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) && step <= 1000)
        step = step * 10 + (text[pos++] - '0');
      if (step == 0 || step > spec.max)
        return error_at(base + step_at, fmt::format("step {} in the {} field must be 1-{}", step, spec.name, spec.max));
      if (!star && lo == hi) hi = spec.max;  // "N/STEP": N to the maximum
    }
    for (int v = lo; v <= hi; v += step) values[v] = true;
    if (pos == text.size()) break;
    if (text[pos] != ',')
      return error_at(base + pos, fmt::format("unexpected '{}' in the {} field", text[pos], spec.name));
    ++pos;
    if (pos == text.size()) return error_at(base + pos, fmt::format("the {} field ends with ','", spec.name));
  }
  return Status::Ok();
}

std::string_view shorthand(std::string_view text) {
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@hourly") return "0 * * * *";
  return {};
}

}  // namespace

Result<CronSchedule> CronSchedule::parse(std::string_view expression) {
  CronSchedule s;
  s.text_ = std::string(expression);
  std::string_view text = expression;
  bool expanded = false;
  if (!text.empty() && text[0] == '@') {
    text = shorthand(text);
    if (text.empty())
      return error_at(0, fmt::format("unknown shorthand '{}' (known: @yearly, @monthly, @weekly, @daily, "
                                     "@hourly)",
                                     expression));
    expanded = true;
  }
  // Split on blanks, keeping offsets.
  std::vector<std::pair<size_t, std::string_view>> fields;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t') ++j;
    fields.emplace_back(i, text.substr(i, j - i));
    i = j;
  }
  if (fields.size() != 5)
    return error_at(fields.size() > 5 ? fields[5].first : text.size(),
                    fmt::format("a cron expression has 5 fields (minute hour day month weekday), got {}",
                                fields.size()));
  std::vector<bool> values;
  bool restricted = false;
  for (size_t f = 0; f < 5; ++f) {
    Status st = parse_field(fields[f].second, expanded ? 0 : fields[f].first, field_specs()[f], values, restricted);
    if (!st.ok()) return st.error();
    for (int v = 0; v < static_cast<int>(values.size()); ++v) {
      if (!values[v]) continue;
      switch (f) {
        case 0: s.minutes_.set(v); break;
        case 1: s.hours_.set(v); break;
        case 2: s.days_.set(v); break;
        case 3: s.months_.set(v); break;
        case 4: s.weekdays_.set(v % 7); break;
      }
    }
    if (f == 2) s.day_restricted_ = restricted;
    if (f == 4) s.weekday_restricted_ = restricted;
  }
  return s;
}

bool CronSchedule::day_matches(int day_of_month, unsigned weekday) const {
  bool d = days_.test(day_of_month), w = weekdays_.test(weekday);
  if (day_restricted_ && weekday_restricted_) return d || w;
  return d && w;
}

bool CronSchedule::matches(Time t) const {
  auto minute_point = floor<minutes>(t);
  auto day_point = floor<days>(minute_point);
  year_month_day ymd(day_point);
  hh_mm_ss hms(minute_point - day_point);
  return months_.test(static_cast<unsigned>(ymd.month())) &&
         day_matches(static_cast<int>(static_cast<unsigned>(ymd.day())), weekday(day_point).c_encoding()) &&
         hours_.test(hms.hours().count()) && minutes_.test(hms.minutes().count());
}

std::optional<Time> CronSchedule::next_after(Time after) const {
  sys_time<minutes> t = floor<minutes>(after) + minutes(1);
  const sys_time<minutes> limit = t + days(366 * 8);
  while (t < limit) {
    sys_days day = floor<days>(t);
    year_month_day ymd(day);
    if (!months_.test(static_cast<unsigned>(ymd.month()))) {
      year_month next = year_month(ymd.year(), ymd.month()) + months(1);
      t = sys_days(next / 1);
      continue;
    }
    if (!day_matches(static_cast<int>(static_cast<unsigned>(ymd.day())), weekday(day).c_encoding())) {
      t = day + days(1);
      continue;
    }
    hh_mm_ss hms(t - day);
    if (!hours_.test(hms.hours().count())) {
      t = day + hms.hours() + hours(1);
      continue;
    }
    if (!minutes_.test(hms.minutes().count())) {
      t += minutes(1);
      continue;
    }
    return time_point_cast<Time::duration>(t);
  }
  return std::nullopt;
}

}  // namespace vigil::daemon
