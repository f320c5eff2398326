// RFC 3339 timestamps (core/time_text.h format_rfc3339 / format_time).
#include "core/time_text.h"

#include <gtest/gtest.h>

namespace vigil::timeutil {
namespace {

TEST(TimeText, Rfc3339WithTheShortestFractionThatIsExact) {
  EXPECT_EQ(format_rfc3339(0, 0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1796601600, 0), "2026-12-07T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1796649959, 0), "2026-12-07T13:25:59Z");
  EXPECT_EQ(format_rfc3339(1796649959, 5'000'000), "2026-12-07T13:25:59.005Z");
  EXPECT_EQ(format_rfc3339(1796649959, 123'456'000), "2026-12-07T13:25:59.123456Z");
  EXPECT_EQ(format_rfc3339(1796649959, 7), "2026-12-07T13:25:59.000000007Z");
  EXPECT_EQ(format_rfc3339(253402300799, 0), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(253402300800, 0), "10000-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-62135596800, 0), "0001-01-01T00:00:00Z");
}

TEST(TimeText, FormatTimeWritesMilliseconds) {
  auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1796649959250));
  EXPECT_EQ(vigil::format_time(t), "2026-12-07T13:25:59.250Z");
}

}  // namespace
}  // namespace vigil::timeutil
