// Calendar math, RFC 3339 and duration text, and time zones (fixed offsets,
// TZif files and their POSIX footer rules) behind CEL's timestamp functions.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "cel/time_zone.h"
#include "core/time_text.h"

namespace vigil::timeutil {
using cel::tz::utc_offset;
namespace {

constexpr int64_t kDay = 86400;

int64_t at(int64_t year, int month, int day, int hour = 0) {
  return days_from_civil(year, month, day) * kDay + hour * 3600;
}

int64_t offset(std::string_view zone, int64_t t) {
  auto r = utc_offset(zone, t);
  EXPECT_TRUE(r.ok()) << zone << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : -1;
}

bool have_zoneinfo() { return std::filesystem::exists("/usr/share/zoneinfo/America/Los_Angeles"); }

TEST(Civil, KnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1, 1, 1), -719162);
  EXPECT_EQ(days_from_civil(9999, 12, 31) * kDay + kDay - 1, kMaxTimestampSeconds);
  EXPECT_EQ(days_from_civil(1, 1, 1) * kDay, kMinTimestampSeconds);
}

TEST(Civil, RoundTripsEveryDayOfTheRange) {
  const int64_t first = days_from_civil(1, 1, 1);
  const int64_t last = days_from_civil(9999, 12, 31);
  int64_t previous_year = 0;
  int expected_day_of_year = 0;
  for (int64_t d = first; d <= last; ++d) {
    const CivilDate c = civil_from_days(d);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d) << d;
    if (c.year != previous_year) {
      expected_day_of_year = 0;
      previous_year = c.year;
    }
    const CivilTime t = to_civil(d * kDay, 0, 0);
    ASSERT_EQ(t.day_of_year, expected_day_of_year++) << d;
    ASSERT_EQ(t.day_of_week, ((d + 4) % 7 + 7) % 7) << d;
  }
}

TEST(Civil, BeforeTheEpochAndWithOffsets) {
  const CivilTime t = to_civil(-1, 5, 0);
  EXPECT_EQ(t.year, 1969);
  EXPECT_EQ(t.month, 12);
  EXPECT_EQ(t.day, 31);
  EXPECT_EQ(t.hour, 23);
  EXPECT_EQ(t.second, 59);
  EXPECT_EQ(t.nanos, 5);
  EXPECT_EQ(t.day_of_week, 3);  // Wednesday
  const CivilTime shifted = to_civil(at(2009, 2, 13, 23) + 31 * 60, 0, 2 * 3600);
  EXPECT_EQ(shifted.day, 14);
  EXPECT_EQ(shifted.hour, 1);
  EXPECT_EQ(shifted.minute, 31);
}

TEST(Rfc3339, Parses) {
  auto t = parse_rfc3339("2009-02-13T23:31:30Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 1234567890);
  EXPECT_EQ(t->nanos, 0);
  t = parse_rfc3339("2009-02-14t01:01:30.25+01:30");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->seconds, 1234567890);
  EXPECT_EQ(t->nanos, 250000000);
  t = parse_rfc3339("2009-02-13T15:31:30.000000001-08:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 1234567890);
  EXPECT_EQ(t->nanos, 1);
  t = parse_rfc3339("2024-02-29T00:00:00z");
  ASSERT_TRUE(t.ok());
  t = parse_rfc3339("0001-01-01T00:00:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, kMinTimestampSeconds);
}

TEST(Rfc3339, RejectsWithReasons) {
  struct Case {
    const char* text;
    const char* reason;
  } cases[] = {
      {"2023-02-29T00:00:00Z", "no such date"},
      {"2009-13-01T00:00:00Z", "no such date"},
      {"2009-02-13T24:00:00Z", "out of range"},
      {"2009-02-13T23:60:00Z", "out of range"},
      {"09-02-13T23:00:00Z", "year"},
      {"2009-02-13T23:00Z", "HH:MM:SS"},
      {"2009-02-13T23:00:00.Z", "empty fraction"},
      {"2009-02-13T23:00:00+0100", "offset"},
      {"2009-02-13T23:00:00Z ", "after the time zone"},
      {"0001-01-01T00:00:00+00:01", "out of range"},
      {"9999-12-31T23:59:59-00:01", "out of range"},
  };
  for (const auto& c : cases) {
    auto r = parse_rfc3339(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find(c.reason), std::string::npos)
        << c.text << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(c.text), std::string::npos) << r.error().message;
  }
}

TEST(Rfc3339, FormatsLikeProtobufJson) {
  EXPECT_EQ(format_rfc3339(1234567890, 0), "2009-02-13T23:31:30Z");
  EXPECT_EQ(format_rfc3339(1234567890, 500000000), "2009-02-13T23:31:30.500Z");
  EXPECT_EQ(format_rfc3339(1234567890, 120000), "2009-02-13T23:31:30.000120Z");
  EXPECT_EQ(format_rfc3339(1234567890, 1), "2009-02-13T23:31:30.000000001Z");
  EXPECT_EQ(format_rfc3339(kMinTimestampSeconds, 0), "0001-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(kMaxTimestampSeconds, 999999999), "9999-12-31T23:59:59.999999999Z");
  EXPECT_EQ(format_rfc3339(-1, 0), "1969-12-31T23:59:59Z");
}

TEST(Durations, Parses) {
  auto d = parse_duration("1h2m3.5s");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->seconds, 3723);
  EXPECT_EQ(d->nanos, 500000000);
  d = parse_duration("-1.5h");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->seconds, -5400);
  d = parse_duration("-0.5s");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->seconds, 0);
  EXPECT_EQ(d->nanos, -500000000);
  d = parse_duration("+1ms1us1ns");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->nanos, 1001001);
  d = parse_duration("1\xce\xbcs");  // Greek mu
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->nanos, 1000);
  d = parse_duration("0.0000000019s");  // digits below a nanosecond are dropped
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->nanos, 1);
  d = parse_duration("9223372036.854775807s");  // the int64 nanosecond limit
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->seconds, 9223372036);
  EXPECT_EQ(d->nanos, 854775807);
  d = parse_duration("-9223372036.854775808s");
  ASSERT_TRUE(d.ok());
}

TEST(Durations, Rejects) {
  for (const char* text : {"", "-", "1", "1.5", "h", "1x", "1.5.5s", "1h-1m", "1 s", "--1s",
                           "9223372036.854775808s", "99999999999999999999999999999999h"}) {
    EXPECT_FALSE(parse_duration(text).ok()) << text;
  }
}

TEST(Durations, Formats) {
  EXPECT_EQ(format_duration(0, 0), "0s");
  EXPECT_EQ(format_duration(1000000, 0), "1000000s");
  EXPECT_EQ(format_duration(60, 1000000), "60.001s");
  EXPECT_EQ(format_duration(-1, -500000000), "-1.5s");
  EXPECT_EQ(format_duration(0, -500000000), "-0.5s");
  EXPECT_EQ(format_duration(0, 1), "0.000000001s");
}

TEST(Ranges, TimestampAndDurationArithmetic) {
  EXPECT_TRUE(timestamp_from_nanos(total_nanos({kMaxTimestampSeconds, 999999999})).ok());
  EXPECT_FALSE(timestamp_from_nanos(total_nanos({kMaxTimestampSeconds, 999999999}) + 1).ok());
  EXPECT_FALSE(timestamp_from_nanos(total_nanos({kMinTimestampSeconds, 0}) - 1).ok());
  auto t = timestamp_from_nanos(-1);  // nanos normalized into [0, 1e9)
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, -1);
  EXPECT_EQ(t->nanos, 999999999);
  auto d = duration_from_nanos(-1500000000);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->seconds, -1);
  EXPECT_EQ(d->nanos, -500000000);
  EXPECT_FALSE(duration_from_nanos(static_cast<__int128>(INT64_MAX) + 1).ok());
}

TEST(TimeZones, FixedOffsets) {
  EXPECT_EQ(offset("UTC", 0), 0);
  EXPECT_EQ(offset("+05:30", 0), 5 * 3600 + 1800);
  EXPECT_EQ(offset("-08:00", 0), -8 * 3600);
  EXPECT_EQ(offset("02:00", 0), 2 * 3600);
  EXPECT_EQ(offset("-00:00", 0), 0);
  EXPECT_EQ(offset("-2:30", 0), -(2 * 3600 + 1800));
  EXPECT_EQ(offset("2:00", 0), 2 * 3600);
  for (const char* bad : {"+24:00", "+5:3", ":30", "+123:00", "+05:60", "+0530", "", "/etc/passwd",
                          "America/../../etc/passwd", "No/Such_Zone"}) {
    auto r = utc_offset(bad, 0);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("unknown time zone"), std::string::npos);
  }
}

TEST(TimeZones, IanaTransitions) {
  if (!have_zoneinfo()) GTEST_SKIP() << "no /usr/share/zoneinfo (install tzdata)";
  EXPECT_EQ(offset("America/Los_Angeles", at(2009, 1, 15)), -8 * 3600);
  EXPECT_EQ(offset("America/Los_Angeles", at(2009, 7, 15)), -7 * 3600);
  // 2009-03-08 02:00 PST = 10:00 UTC is the switch to PDT.
  EXPECT_EQ(offset("America/Los_Angeles", at(2009, 3, 8, 10) - 1), -8 * 3600);
  EXPECT_EQ(offset("America/Los_Angeles", at(2009, 3, 8, 10)), -7 * 3600);
  EXPECT_EQ(offset("US/Central", at(2009, 2, 13)), -6 * 3600);
  EXPECT_EQ(offset("Asia/Kathmandu", at(2009, 2, 13)), 5 * 3600 + 45 * 60);
  EXPECT_EQ(offset("America/St_Johns", at(2009, 2, 13)), -(3 * 3600 + 30 * 60));
  EXPECT_EQ(offset("Australia/Sydney", at(2009, 2, 13)), 11 * 3600);
  EXPECT_EQ(offset("UTC", at(2009, 2, 13)), 0);
  // Before the first transition: local mean time (-7:52:58 in Los Angeles).
  EXPECT_EQ(offset("America/Los_Angeles", at(1800, 1, 1)), -(7 * 3600 + 52 * 60 + 58));
}

TEST(TimeZones, FooterRulesBeyondTheLastTransition) {
  if (!have_zoneinfo()) GTEST_SKIP() << "no /usr/share/zoneinfo (install tzdata)";
  EXPECT_EQ(offset("America/Los_Angeles", at(2200, 1, 15)), -8 * 3600);
  EXPECT_EQ(offset("America/Los_Angeles", at(2200, 7, 15)), -7 * 3600);
  // Second Sunday of March 2200 is the 9th: PDT from 10:00 UTC.
  EXPECT_EQ(offset("America/Los_Angeles", at(2200, 3, 9, 10) - 1), -8 * 3600);
  EXPECT_EQ(offset("America/Los_Angeles", at(2200, 3, 9, 10)), -7 * 3600);
  // Southern hemisphere: daylight time spans the new year.
  EXPECT_EQ(offset("Australia/Sydney", at(2200, 1, 15)), 11 * 3600);
  EXPECT_EQ(offset("Australia/Sydney", at(2200, 7, 15)), 10 * 3600);
  // Negative daylight saving (Irish winter time).
  EXPECT_EQ(offset("Europe/Dublin", at(2200, 1, 15)), 0);
  EXPECT_EQ(offset("Europe/Dublin", at(2200, 7, 15)), 3600);
  EXPECT_EQ(offset("Asia/Tokyo", at(2200, 7, 15)), 9 * 3600);
  EXPECT_EQ(offset("Asia/Kathmandu", at(9999, 12, 31)), 5 * 3600 + 45 * 60);
}

TEST(TimeZones, CorruptFilesAreUnknownZones) {
  const auto dir = std::filesystem::temp_directory_path() / "vigil_time_test_zoneinfo";
  std::filesystem::create_directories(dir / "Test");
  std::ofstream(dir / "Test" / "Corrupt") << "TZif2 but not really";
  const char* old = std::getenv("TZDIR");
  const std::string saved = old ? old : "";
  setenv("TZDIR", dir.c_str(), 1);
  auto r = utc_offset("Test/Corrupt", 0);
  if (old) {
    setenv("TZDIR", saved.c_str(), 1);
  } else {
    unsetenv("TZDIR");
  }
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Test/Corrupt"), std::string::npos);
}

}  // namespace
}  // namespace vigil::timeutil
