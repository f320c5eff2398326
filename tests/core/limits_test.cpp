// core/limits.h: one set of bounds, set by name with sizes in KiB/MiB/GiB;
// bad names and values are errors that say what is allowed.
#include "core/limits.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Limits, DefaultsAreThoseOfLimitsMd) {
  Limits l;
  EXPECT_EQ(l.evaluation_steps, 10'000'000u);
  EXPECT_EQ(l.evaluation_bytes, 64ull << 20);
  EXPECT_EQ(l.http_response_bytes, 256ull << 20);
  EXPECT_EQ(l.listing_pages, 10'000u);
  EXPECT_EQ(l.aws_config_file_bytes, 512ull << 20);
}

TEST(Limits, SizesTakeBinarySuffixesAndCountsDoNot) {
  Limits l;
  ASSERT_TRUE(set_limit(l, "http_response_bytes", "512MiB").ok());
  EXPECT_EQ(l.http_response_bytes, 512ull << 20);
  ASSERT_TRUE(set_limit(l, "listing_bytes", "2 GiB").ok());
  EXPECT_EQ(l.listing_bytes, 2ull << 30);
  ASSERT_TRUE(set_limit_assignment(l, "evaluation_steps=20000000").ok());
  EXPECT_EQ(l.evaluation_steps, 20'000'000u);
  Status counted = set_limit(l, "listing_pages", "10KiB");
  ASSERT_FALSE(counted.ok());
  EXPECT_NE(counted.error().message.find("a positive whole number"), std::string::npos);
}

TEST(Limits, BadNamesAndValuesAreInvalidInputNamingWhatIsAllowed) {
  Limits l;
  Status name = set_limit(l, "evaluation_step", "1");
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.error().kind, Error::Kind::InvalidInput);
  EXPECT_NE(name.error().message.find("evaluation_steps"), std::string::npos)
      << name.error().message;
  for (const char* bad :
       {"0", "-1", "1.5", "", "12 apples", "99999999999999999999", "18446744073709551615GiB"})
    EXPECT_FALSE(set_limit(l, "evaluation_bytes", bad).ok()) << bad;
  EXPECT_EQ(l.evaluation_bytes, Limits{}.evaluation_bytes);  // nothing changed by a refusal
  EXPECT_FALSE(set_limit_assignment(l, "evaluation_steps").ok());
}

TEST(Limits, EveryLimitHasAName) {
  Limits l;
  for (const LimitInfo& info : limit_table()) {
    ASSERT_TRUE(set_limit(l, info.name, "7").ok()) << info.name;
    EXPECT_EQ(l.*(info.member), 7u) << info.name;
  }
  EXPECT_EQ(format_limit(limit_table()[1], 64ull << 20), "64 MiB");
}

}  // namespace
}  // namespace vigil
