#include "cel/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "core/time_text.h"

namespace vigil::cel::tz {

using timeutil::days_from_civil;
using timeutil::to_civil;
namespace {

Error make_error(std::string message) {
  Error e;
  e.message = std::move(message);
  return e;
}

// A POSIX TZ rule date: Jn (1..365, no leap day), n (0..365), or Mm.w.d.
struct RuleDate {
  char kind = 'M';  // 'J', 'N' or 'M'
  int month = 0, week = 0, weekday = 0, day = 0;
  int64_t time = 7200;  // seconds after local midnight
};

struct PosixRule {
  int64_t std_offset = 0;  // east of UTC
  int64_t dst_offset = 0;
  bool has_dst = false;
  RuleDate start, end;
};

struct Zone {
  std::vector<int64_t> transitions;  // UTC instants, ascending
  std::vector<uint8_t> types;        // local time type after each transition
  std::vector<int64_t> offsets;      // utoff of each local time type
  std::optional<PosixRule> footer;
};

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool has(size_t n) const { return pos_ + n <= s_.size(); }
  int64_t be(size_t n) {  // big-endian signed integer of n bytes
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(s_[pos_ + i]);
    pos_ += n;
    if (n < 8 && (v >> (n * 8 - 1)) & 1) v |= ~uint64_t{0} << (n * 8);
    return static_cast<int64_t>(v);
  }
  void skip(size_t n) { pos_ += n; }
  size_t pos() const { return pos_; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// --- POSIX TZ strings -------------------------------------------------------

bool parse_name(std::string_view& s) {
  if (!s.empty() && s[0] == '<') {
    size_t close = s.find('>');
    if (close == std::string_view::npos) return false;
    s.remove_prefix(close + 1);
    return true;
  }
  size_t n = 0;
  while (n < s.size() && ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))) ++n;
  s.remove_prefix(n);
  return n >= 3;
}

int parse_int(std::string_view& s) {
  int v = 0;
  while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
    v = v * 10 + (s[0] - '0');
    s.remove_prefix(1);
  }
  return v;
}

// [+-]hh[:mm[:ss]] as seconds.
std::optional<int64_t> parse_hms(std::string_view& s) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (s.empty() || s[0] < '0' || s[0] > '9') return std::nullopt;
  int64_t v = parse_int(s) * 3600;
  if (!s.empty() && s[0] == ':') {
    s.remove_prefix(1);
    v += parse_int(s) * 60;
    if (!s.empty() && s[0] == ':') {
      s.remove_prefix(1);
      v += parse_int(s);
    }
  }
  return sign * v;
}

std::optional<RuleDate> parse_rule_date(std::string_view& s) {
  RuleDate d;
  if (!s.empty() && s[0] == 'M') {
    s.remove_prefix(1);
    d.kind = 'M';
    d.month = parse_int(s);
    if (s.empty() || s[0] != '.') return std::nullopt;
    s.remove_prefix(1);
    d.week = parse_int(s);
    if (s.empty() || s[0] != '.') return std::nullopt;
    s.remove_prefix(1);
    d.weekday = parse_int(s);
    if (d.month < 1 || d.month > 12 || d.week < 1 || d.week > 5 || d.weekday > 6) {
      return std::nullopt;
    }
  } else if (!s.empty() && s[0] == 'J') {
    s.remove_prefix(1);
    d.kind = 'J';
    d.day = parse_int(s);
  } else if (!s.empty() && s[0] >= '0' && s[0] <= '9') {
    d.kind = 'N';
    d.day = parse_int(s);
  } else {
    return std::nullopt;
  }
  if (!s.empty() && s[0] == '/') {
    s.remove_prefix(1);
    auto t = parse_hms(s);
    if (!t) return std::nullopt;
    d.time = *t;
  }
  return d;
}

std::optional<PosixRule> parse_posix(std::string_view s) {
  PosixRule r;
  if (!parse_name(s)) return std::nullopt;
  auto std_off = parse_hms(s);
  if (!std_off) return std::nullopt;
  r.std_offset = -*std_off;  // POSIX offsets count west of UTC
  if (s.empty()) return r;
  if (!parse_name(s)) return std::nullopt;
  r.has_dst = true;
  r.dst_offset = r.std_offset + 3600;
  if (!s.empty() && s[0] != ',') {
    auto dst_off = parse_hms(s);
    if (!dst_off) return std::nullopt;
    r.dst_offset = -*dst_off;
  }
  std::string_view rules = s.empty() ? std::string_view(",M3.2.0,M11.1.0") : s;
  if (rules[0] != ',') return std::nullopt;
  rules.remove_prefix(1);
  auto start = parse_rule_date(rules);
  if (!start || rules.empty() || rules[0] != ',') return std::nullopt;
  rules.remove_prefix(1);
  auto end = parse_rule_date(rules);
  if (!end || !rules.empty()) return std::nullopt;
  r.start = *start;
  r.end = *end;
  return r;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Days since the epoch of a rule date in `year`.
int64_t rule_day(const RuleDate& d, int64_t year) {
  const int64_t jan1 = days_from_civil(year, 1, 1);
  if (d.kind == 'J') return jan1 + d.day - 1 + (is_leap(year) && d.day >= 60 ? 1 : 0);
  if (d.kind == 'N') return jan1 + d.day;
  const int64_t first = days_from_civil(year, d.month, 1);
  const int first_weekday = static_cast<int>(((first + 4) % 7 + 7) % 7);
  int64_t day = first + (d.weekday - first_weekday + 7) % 7 + (d.week - 1) * 7;
  const int64_t next_month =
      d.month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, d.month + 1, 1);
  while (day >= next_month) day -= 7;
  return day;
}

int64_t posix_offset(const PosixRule& r, int64_t t) {
  if (!r.has_dst) return r.std_offset;
  const int64_t year = to_civil(t, 0, r.std_offset).year;
  // The start is given in local standard time, the end in local daylight time.
  const int64_t start = rule_day(r.start, year) * 86400 + r.start.time - r.std_offset;
  const int64_t end = rule_day(r.end, year) * 86400 + r.end.time - r.dst_offset;
  const bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? r.dst_offset : r.std_offset;
}

// --- TZif files ---------------------------------------------------------------

std::optional<Zone> parse_tzif(std::string_view data) {
  Reader r(data);
  auto header = [&](int64_t counts[6]) {
    if (!r.has(44) || data.substr(r.pos(), 4) != "TZif") return false;
    r.skip(20);
    for (int i = 0; i < 6; ++i) {
      counts[i] = r.be(4);
      if (counts[i] < 0 || counts[i] > 1'000'000) return false;
    }
    return true;
  };
  int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(c)) return std::nullopt;
  const char version = data[4];
  size_t time_size = 4;
  if (version >= '2') {
    r.skip(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    if (!header(c)) return std::nullopt;
    time_size = 8;
  }
  const size_t body =
      c[3] * (time_size + 1) + c[4] * 6 + c[5] + c[2] * (time_size + 4) + c[1] + c[0];
  if (!r.has(body) || c[4] == 0) return std::nullopt;
  Zone z;
  for (int64_t i = 0; i < c[3]; ++i) z.transitions.push_back(r.be(time_size));
  for (int64_t i = 0; i < c[3]; ++i) z.types.push_back(static_cast<uint8_t>(r.be(1)));
  for (int64_t i = 0; i < c[4]; ++i) {
    z.offsets.push_back(r.be(4));
    r.skip(2);
  }
  for (uint8_t t : z.types) {
    if (t >= z.offsets.size()) return std::nullopt;
  }
  r.skip(c[5] + c[2] * (time_size + 4) + c[1] + c[0]);
  if (time_size == 8 && r.has(2) && data[r.pos()] == '\n') {
    std::string_view rest = data.substr(r.pos() + 1);
    size_t nl = rest.find('\n');
    if (nl != std::string_view::npos && nl > 0) z.footer = parse_posix(rest.substr(0, nl));
  }
  return z;
}

int64_t zone_offset(const Zone& z, int64_t t) {
  if (z.transitions.empty() || t < z.transitions.front()) {
    if (z.transitions.empty() && z.footer) return posix_offset(*z.footer, t);
    return z.offsets[0];
  }
  if (t >= z.transitions.back() && z.footer) return posix_offset(*z.footer, t);
  auto it = std::upper_bound(z.transitions.begin(), z.transitions.end(), t);
  return z.offsets[z.types[(it - z.transitions.begin()) - 1]];
}

bool valid_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name[0] == '/' || name.find("..") != name.npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

std::shared_ptr<const Zone> load_zone(const std::string& name) {
  const char* dir = std::getenv("TZDIR");
  std::string path = fmt::format("{}/{}", dir && *dir ? dir : "/usr/share/zoneinfo", name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buf;
  buf << in.rdbuf();
  auto zone = parse_tzif(buf.str());
  return zone ? std::make_shared<const Zone>(std::move(*zone)) : nullptr;
}

std::shared_ptr<const Zone> shared_zone(std::string_view name) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const Zone>> cache;
  constexpr size_t kMaxEntries = 1024;
  std::string key(name);
  {
    std::lock_guard lock(mu);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  auto zone = load_zone(key);  // outside the lock: file I/O
  std::lock_guard lock(mu);
  if (cache.size() < kMaxEntries) cache.emplace(std::move(key), zone);
  return zone;
}

// The process-wide cache behind a small per-thread memo (no lock on a hit).
std::shared_ptr<const Zone> cached_zone(std::string_view name) {
  struct Memo {
    std::string names[4];
    std::shared_ptr<const Zone> zones[4];
    size_t next = 0;
  };
  thread_local Memo memo;
  for (size_t i = 0; i < 4; ++i) {
    if (memo.zones[i] && memo.names[i] == name) return memo.zones[i];
  }
  auto zone = shared_zone(name);
  if (zone) {
    memo.names[memo.next].assign(name);
    memo.zones[memo.next] = zone;
    memo.next = (memo.next + 1) % 4;
  }
  return zone;
}

// "+05:30", "-08:00", "05:30", "-2:30" -> seconds east of UTC.
std::optional<int64_t> fixed_offset(std::string_view s) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() == 4) {
    if (!digit(0) || s[1] != ':' || !digit(2) || !digit(3)) return std::nullopt;
  } else if (s.size() != 5 || !digit(0) || !digit(1) || s[2] != ':' || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  const size_t colon = s.size() - 3;
  const int hours = colon == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
  const int minutes = (s[colon + 1] - '0') * 10 + (s[colon + 2] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return sign * (hours * 3600 + minutes * 60);
}

}  // namespace

Result<int64_t> utc_offset(std::string_view zone, int64_t unix_seconds) {
  if (zone == "UTC" || zone == "Z") return int64_t{0};
  if (auto fixed = fixed_offset(zone)) return *fixed;
  if (valid_zone_name(zone)) {
    if (auto z = cached_zone(zone)) return zone_offset(*z, unix_seconds);
  }
  return make_error(
      fmt::format("unknown time zone \"{}\": use \"UTC\", a fixed offset such as "
                  "\"+05:30\", or an IANA name such as \"America/Los_Angeles\"",
                  zone));
}

}  // namespace vigil::cel::tz
