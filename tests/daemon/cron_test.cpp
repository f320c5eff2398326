// Cron expressions: parsing (ranges, steps, lists, names, shorthands),
// errors with the offset of the offending character, and next-run times.
#include "daemon/cron.h"

#include <gtest/gtest.h>

namespace vigil::daemon {
namespace {

using namespace std::chrono;

Time at(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s);
}

std::string text(std::optional<Time> t) {
  if (!t) return "none";
  auto day = floor<days>(*t);
  year_month_day ymd(day);
  hh_mm_ss hms(floor<seconds>(*t - day));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), long(hms.hours().count()), long(hms.minutes().count()));
  return buf;
}

std::string next(const std::string& expr, Time after) {
  auto c = CronSchedule::parse(expr);
  if (!c.ok()) return "error: " + c.error().message;
  return text(c->next_after(after));
}

TEST(Cron, EveryMinuteIsStrictlyAfter) {
  EXPECT_EQ(next("* * * * *", at(2026, 11, 26, 10, 0)), "2026-11-26 10:01");
  EXPECT_EQ(next("* * * * *", at(2026, 11, 26, 10, 0, 59)), "2026-11-26 10:01");
  EXPECT_EQ(next("* * * * *", at(2026, 12, 31, 23, 59, 30)), "2027-01-01 00:00");
}

TEST(Cron, StepsRangesAndLists) {
  EXPECT_EQ(next("0 */6 * * *", at(2026, 11, 26, 10, 0)), "2026-11-26 12:00");
  EXPECT_EQ(next("0 */6 * * *", at(2026, 11, 26, 18, 0)), "2026-11-27 00:00");
  EXPECT_EQ(next("*/15 * * * *", at(2026, 11, 26, 10, 44)), "2026-11-26 10:45");
  EXPECT_EQ(next("10-50/20 * * * *", at(2026, 11, 26, 10, 31)), "2026-11-26 10:50");
  EXPECT_EQ(next("10-50/20 * * * *", at(2026, 11, 26, 10, 50)), "2026-11-26 11:10");
  EXPECT_EQ(next("5/30 * * * *", at(2026, 11, 26, 10, 6)), "2026-11-26 10:35");
  EXPECT_EQ(next("0 8,12,17 * * *", at(2026, 11, 26, 12, 0)), "2026-11-26 17:00");
  EXPECT_EQ(next("30 2 1,15 * *", at(2026, 11, 16)), "2026-12-01 02:30");
}

TEST(Cron, NamesAreCaseInsensitive) {
  // 2026-11-26 is a Thursday.
  EXPECT_EQ(next("0 9 * * mon-fri", at(2026, 11, 27, 10)), "2026-11-30 09:00");
  EXPECT_EQ(next("0 9 * * SAT,sun", at(2026, 11, 26)), "2026-11-28 09:00");
  EXPECT_EQ(next("0 0 1 jan,Jul *", at(2026, 11, 26)), "2027-01-01 00:00");
  EXPECT_EQ(next("0 0 * * 7", at(2026, 11, 26)), "2026-11-29 00:00");  // 7 is Sunday too
}

TEST(Cron, DayAndWeekdayBothRestrictedMeansEither) {
  // The 1st of the month or any Monday (Vixie cron).
  EXPECT_EQ(next("0 0 1 * mon", at(2026, 11, 26)), "2026-11-30 00:00");
  EXPECT_EQ(next("0 0 1 * mon", at(2026, 11, 30, 1)), "2026-12-01 00:00");
  // Only one restricted: both must hold (* for weekday).
  EXPECT_EQ(next("0 0 13 * *", at(2026, 11, 26)), "2026-12-13 00:00");
}

TEST(Cron, LeapDaysAndImpossibleDates) {
  EXPECT_EQ(next("0 0 29 2 *", at(2026, 3, 1)), "2028-02-29 00:00");
  EXPECT_EQ(next("0 0 30 2 *", at(2026, 3, 1)), "none");
  EXPECT_EQ(next("0 0 31 * *", at(2026, 11, 1)), "2026-12-31 00:00");
}

TEST(Cron, Shorthands) {
  EXPECT_EQ(next("@hourly", at(2026, 11, 26, 10, 5)), "2026-11-26 11:00");
  EXPECT_EQ(next("@daily", at(2026, 11, 26, 10, 5)), "2026-11-27 00:00");
  EXPECT_EQ(next("@weekly", at(2026, 11, 26, 10, 5)), "2026-11-29 00:00");
  EXPECT_EQ(next("@monthly", at(2026, 11, 26, 10, 5)), "2026-12-01 00:00");
  EXPECT_EQ(next("@yearly", at(2026, 11, 26, 10, 5)), "2027-01-01 00:00");
}

TEST(Cron, MatchesAtMinuteResolution) {
  auto c = CronSchedule::parse("30 6 * * 1-5");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->matches(at(2026, 11, 26, 6, 30, 45)));
  EXPECT_FALSE(c->matches(at(2026, 11, 28, 6, 30)));  // Saturday
  EXPECT_FALSE(c->matches(at(2026, 11, 26, 6, 31)));
}

struct BadCase {
  const char* expr;
  size_t offset;
  const char* message;
};

TEST(Cron, ErrorsPointAtTheOffendingCharacter) {
  const BadCase cases[] = {
      {"* * * *", 7, "a cron expression has 5 fields (minute hour day month weekday), got 4"},
      {"* * * * * *", 10, "a cron expression has 5 fields (minute hour day month weekday), got 6"},
      {"60 * * * *", 0, "minute 60 is out of range 0-59"},
      {"0 24 * * *", 2, "hour 24 is out of range 0-23"},
      {"0 0 0 * *", 4, "day of month 0 is out of range 1-31"},
      {"0 0 * 13 *", 6, "month 13 is out of range 1-12"},
      {"0 0 * * 8", 8, "day of week 8 is out of range 0-7"},
      {"0 0 * foo *", 6, "'FOO' is not a month name (use JAN..DEC or numbers)"},
      {"0 0 * * mon-", 12, "expected a number in the day of week field"},
      {"*/0 * * * *", 2, "step 0 in the minute field must be 1-59"},
      {"*/ * * * *", 2, "expected a step number after '/' in the minute field"},
      {"0 5-2 * * *", 2, "range 5-2 in the hour field runs backwards"},
      {"0 1,2, * * *", 6, "the hour field ends with ','"},
      {"0 1;2 * * *", 3, "unexpected ';' in the hour field"},
      {"x * * * *", 0, "'X' is not a number (minute field: 0-59)"},
      {"@often", 0, "unknown shorthand '@often' (known: @yearly, @monthly, @weekly, @daily, @hourly)"},
  };
  for (const BadCase& c : cases) {
    auto r = CronSchedule::parse(c.expr);
    ASSERT_FALSE(r.ok()) << c.expr;
    EXPECT_EQ(r.error().message, c.message) << c.expr;
    EXPECT_EQ(r.error().offset, c.offset) << c.expr;
  }
}

}  // namespace
}  // namespace vigil::daemon
