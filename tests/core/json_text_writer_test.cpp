// JsonTextWriter (core/json_text_writer.h): the bytes nlohmann's dump writes.
#include "core/json_text_writer.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace vigil {
namespace {

TEST(JsonTextWriter, WritesWhatTheTreesDumpWrites) {
  std::string out;
  JsonTextWriter w(out);
  w.begin_object()
      .member("day", "2026-12-07")
      .member("n", int64_t{-3})
      .member("big", uint64_t{18446744073709551615ULL})
      .member("ok", true)
      .key("none")
      .null()
      .key("empty")
      .begin_array()
      .end_array()
      .key("rows")
      .begin_array();
  for (int i = 0; i < 3; ++i) w.begin_object().member("i", i).member("text", "a\"b\n").end_object();
  w.end_array().key("raw").raw("{\"x\":[1,2]}").end_object();

  nlohmann::ordered_json tree = {
      {"day", "2026-12-07"}, {"n", -3},         {"big", 18446744073709551615ULL},
      {"ok", true},          {"none", nullptr}, {"empty", nlohmann::json::array()}};
  tree["rows"] = nlohmann::json::array();
  for (int i = 0; i < 3; ++i) tree["rows"].push_back({{"i", i}, {"text", "a\"b\n"}});
  tree["raw"] = {{"x", {1, 2}}};
  EXPECT_EQ(out, tree.dump());
}

TEST(JsonTextWriter, DoublesAsNlohmannWritesThem) {
  for (double d : {0.0, 100.0, 66.66666666666667, 0.1, 1e-05, 1e+20, -2.5, 99.99, 1.0 / 3}) {
    std::string out;
    JsonTextWriter(out).value(d);
    EXPECT_EQ(out, nlohmann::json(d).dump()) << d;
  }
  std::string out;
  JsonTextWriter(out).begin_array().value(std::numeric_limits<double>::quiet_NaN()).end_array();
  EXPECT_EQ(out, "[null]");
}

TEST(JsonTextWriter, InvalidUtf8StaysValidJson) {
  std::string out;
  JsonTextWriter(out).begin_object().member("k\xFF", "v\xC3").end_object();
  auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed.begin().key(), "k\xEF\xBF\xBD");
}

}  // namespace
}  // namespace vigil
