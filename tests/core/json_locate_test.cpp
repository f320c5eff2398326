#include "core/json_locate.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(JsonLocate, FindsNestedValues) {
  std::string_view text = R"( {"a": {"b\"x": 1, "b": [10, {"c": "s,}]"}, 30]}, "d": true})";
  EXPECT_EQ(json_value_offset(text, {}), 1u);
  EXPECT_EQ(text.substr(json_value_offset(text, {"d"}), 4), "true");
  EXPECT_EQ(text.substr(json_value_offset(text, {"a", "b", size_t{2}}), 2), "30");
  EXPECT_EQ(text.substr(json_value_offset(text, {"a", "b", size_t{1}, "c"}), 3), "\"s,");
}

TEST(JsonLocate, MissingStepsStopAtTheDeepestValueReached) {
  std::string_view text = R"({"a": {"b": [1]}})";
  EXPECT_EQ(text.substr(json_value_offset(text, {"a", "zz"})), R"({"b": [1]}})");
  EXPECT_EQ(text.substr(json_value_offset(text, {"a", "b", size_t{5}})), "[1]}}");
  EXPECT_EQ(json_value_offset(text, {"a", "b", "key-on-array"}), 12u);
}

TEST(JsonLocate, TextPositionCountsLinesAndColumns) {
  std::string_view text = "ab\ncd\nef";
  EXPECT_EQ(text_position(text, 0).line, 1);
  EXPECT_EQ(text_position(text, 0).column, 1);
  EXPECT_EQ(text_position(text, 4).line, 2);
  EXPECT_EQ(text_position(text, 4).column, 2);
  EXPECT_EQ(text_position(text, 6).line, 3);
}

}  // namespace
}  // namespace vigil
