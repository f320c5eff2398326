// Scalar wire formats: timestamps in the three AWS formats, base64,
// percent-encoding, doubles.
#include <gtest/gtest.h>

#include <cmath>

#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::wire {
namespace {

TEST(WireTimestamp, ParsesEveryFormatToTheSameInstant) {
  for (const char* text :
       {"2019-12-16T23:48:18Z", "2019-12-16T22:48:18-01:00", "2019-12-17T00:48:18+01:00",
        "Mon, 16 Dec 2019 23:48:18 GMT", "1576540098", "2019-12-16T23:48:18.000Z"}) {
    auto t = parse_timestamp(text);
    ASSERT_TRUE(t) << text;
    EXPECT_EQ(t->seconds, 1576540098) << text;
    EXPECT_EQ(t->micros, 0) << text;
  }
  auto frac = parse_timestamp("2000-01-02T20:34:56.123Z");
  ASSERT_TRUE(frac);
  EXPECT_EQ(frac->seconds, 946845296);
  EXPECT_EQ(frac->micros, 123000);
  EXPECT_FALSE(parse_timestamp("yesterday"));
  EXPECT_FALSE(parse_timestamp("2019-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp(""));
}

TEST(WireTimestamp, OutOfRangeEpochsAreRejectedNotOverflowed) {
  // A hostile or broken response: more digits than int64 holds, or a double
  // no integer can represent, is not a timestamp (was signed overflow).
  EXPECT_FALSE(parse_timestamp("99999999999999999999999"));
  EXPECT_FALSE(parse_timestamp("-99999999999999999999999.5"));
  EXPECT_FALSE(timestamp_from_json(nlohmann::ordered_json(1e300)));
  EXPECT_FALSE(timestamp_from_json(nlohmann::ordered_json(-1e300)));
  EXPECT_FALSE(timestamp_from_json(nlohmann::ordered_json(18446744073709551615ULL)));
  EXPECT_FALSE(timestamp_from_json(nlohmann::ordered_json(std::nan(""))));
  auto largest = parse_timestamp("253402300799");  // 9999-12-31T23:59:59Z still reads
  ASSERT_TRUE(largest);
  EXPECT_EQ(format_iso8601(*largest), "9999-12-31T23:59:59Z");
  auto from_double = timestamp_from_json(nlohmann::ordered_json(1576540098.5));
  ASSERT_TRUE(from_double);
  EXPECT_EQ(from_double->seconds, 1576540098);
  EXPECT_EQ(from_double->micros, 500000);
}

TEST(WireTimestamp, FormatsAsEachProtocolAndTheCliExpect) {
  Timestamp t{1576540098, 0};
  EXPECT_EQ(format_iso8601(t), "2019-12-16T23:48:18Z");
  EXPECT_EQ(format_rfc822(t), "Mon, 16 Dec 2019 23:48:18 GMT");
  EXPECT_EQ(format_epoch(t), "1576540098");
  EXPECT_EQ(format_cli_iso8601(t), "2019-12-16T23:48:18+00:00");
  EXPECT_EQ(epoch_json(t), nlohmann::json(1576540098));
  Timestamp f{946845296, 123000};
  EXPECT_EQ(format_cli_iso8601(f), "2000-01-02T20:34:56.123000+00:00");
  EXPECT_EQ(format_iso8601(f), "2000-01-02T20:34:56.123000Z");
  EXPECT_EQ(format_epoch(f), "946845296.123");
  EXPECT_EQ(epoch_json(f), nlohmann::json(946845296.123));
  EXPECT_EQ(format_timestamp(t, "unixTimestamp"), "1576540098");
  EXPECT_EQ(format_timestamp(t, "rfc822"), "Mon, 16 Dec 2019 23:48:18 GMT");
  auto from_number = timestamp_from_json(nlohmann::ordered_json(1.5));
  ASSERT_TRUE(from_number);
  EXPECT_EQ(from_number->seconds, 1);
  EXPECT_EQ(from_number->micros, 500000);
  auto before_epoch = parse_timestamp("1969-12-31T23:59:59Z");
  ASSERT_TRUE(before_epoch);
  EXPECT_EQ(before_epoch->seconds, -1);
}

TEST(WireBase64, RoundTripsEveryPaddingLength) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("value"), "dmFsdWU=");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  EXPECT_EQ(base64_decode("dmFs\ndWU="), "value");
  EXPECT_FALSE(base64_decode("not base64!"));
}

TEST(WirePercentEncoding, EscapesAllButUnreserved) {
  EXPECT_EQ(percent_encode(" %:/?#[]@!$&'()*+,;=\xF0\x9F\x98\xB9"),
            "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9");
  EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(percent_encode("there/guy", true), "there/guy");
  EXPECT_EQ(percent_encode("there/guy"), "there%2Fguy");
}

TEST(WireNumbers, ShortestRoundTripAndSpecials) {
  EXPECT_EQ(format_double(10.8), "10.8");
  EXPECT_EQ(format_double(1.1), "1.1");
  EXPECT_EQ(format_double(6), "6");
  EXPECT_EQ(format_double(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_double(-std::numeric_limits<double>::infinity()), "-Infinity");
  std::string uuid = random_uuid();
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_NE(uuid, random_uuid());
}

}  // namespace
}  // namespace vigil::aws::wire
