// cel::value_from_json (cel/json_value.h): one conversion, one answer per number.
#include "cel/json_value.h"

#include <gtest/gtest.h>

namespace vigil::cel {
namespace {

Value convert(const nlohmann::json& json) {
  auto v = value_from_json(json);
  EXPECT_TRUE(v.ok()) << v.error().message;
  return v.ok() ? v.value() : Value::null();
}

// 30 parsed from text is unsigned in nlohmann, built in code signed: both are CEL int.
TEST(ValueFromJson, SmallNumbersAreIntWhateverTheirJsonKind) {
  Value parsed = convert(nlohmann::json::parse("30"));
  Value built = convert(nlohmann::json(int64_t{30}));
  EXPECT_EQ(parsed.kind(), Kind::Int);
  EXPECT_EQ(built.kind(), Kind::Int);
  EXPECT_EQ(parsed.as_int(), 30);
  EXPECT_EQ(convert(nlohmann::json::parse("-5")).as_int(), -5);
  EXPECT_EQ(convert(nlohmann::json::parse("9223372036854775807")).kind(), Kind::Int);
}

TEST(ValueFromJson, OnlyNumbersAboveInt64AreUint) {
  Value v = convert(nlohmann::json::parse("9223372036854775808"));
  EXPECT_EQ(v.kind(), Kind::Uint);
  EXPECT_EQ(v.as_uint(), 9223372036854775808ull);
}

TEST(ValueFromJson, ScalarsListsAndMaps) {
  Value v = convert(nlohmann::json::parse(R"({"b":[true,null,1.5,"x"],"a":{}})"));
  ASSERT_EQ(v.kind(), Kind::Map);
  ASSERT_EQ(v.map_size(), 2u);
  EXPECT_EQ(v.map_key_at(0).as_string(), "a");  // nlohmann::json iterates keys sorted
  EXPECT_EQ(v.map_value_at(0).kind(), Kind::Map);
  Value list = v.map_value_at(1);
  ASSERT_EQ(list.kind(), Kind::List);
  ASSERT_EQ(list.list_size(), 4u);
  EXPECT_EQ(list.list_at(0).kind(), Kind::Bool);
  EXPECT_EQ(list.list_at(1).kind(), Kind::Null);
  EXPECT_EQ(list.list_at(2).kind(), Kind::Double);
  EXPECT_EQ(list.list_at(3).as_string(), "x");
}

TEST(ValueFromJson, BinaryIsAnError) {
  auto v = value_from_json(nlohmann::json::binary({1, 2, 3}));
  EXPECT_FALSE(v.ok());
}

}  // namespace
}  // namespace vigil::cel
