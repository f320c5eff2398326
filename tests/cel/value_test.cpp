// CEL values: equality/ordering per the spec, JSON-backed lists and maps,
// map lookups (small and indexed), renderings.
#include "cel/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/json_doc.h"

namespace vigil::cel {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

Value list_of(std::initializer_list<Value> items) { return Value::list(ValueList(items)); }

struct EqCase {
  const char* name;
  Value a, b;
  bool equal;
};

TEST(ValueEquality, Table) {
  const EqCase cases[] = {
      {"null", Value::null(), Value::null(), true},
      {"int_uint", Value::integer(1), Value::uinteger(1), true},
      {"int_double", Value::integer(1), Value::dbl(1.0), true},
      {"uint_double", Value::uinteger(2), Value::dbl(2.0), true},
      {"int_double_fraction", Value::integer(1), Value::dbl(1.5), false},
      {"negative_int_uint", Value::integer(-1), Value::uinteger(UINT64_MAX), false},
      {"nan_nan", Value::dbl(kNaN), Value::dbl(kNaN), false},
      {"string", Value::string("a"), Value::string_view("a"), true},
      {"string_bytes", Value::string("a"), Value::bytes("a"), false},
      {"bool_int", Value::boolean(true), Value::integer(1), false},
      {"null_int", Value::null(), Value::integer(0), false},
      {"list_deep_numeric", list_of({Value::integer(1), Value::dbl(2.0)}),
       list_of({Value::uinteger(1), Value::integer(2)}), true},
      {"list_size", list_of({Value::integer(1)}), list_of({}), false},
      {"map_order", Value::map({{Value::string("a"), Value::integer(1)}, {Value::string("b"), Value::integer(2)}}),
       Value::map({{Value::string("b"), Value::integer(2)}, {Value::string("a"), Value::integer(1)}}), true},
      {"map_value", Value::map({{Value::string("a"), Value::integer(1)}}),
       Value::map({{Value::string("a"), Value::integer(2)}}), false},
      {"timestamp", Value::timestamp(10, 5), Value::timestamp(10, 5), true},
      {"timestamp_duration", Value::timestamp(10, 0), Value::duration(10, 0), false},
      {"type", Value::type("int"), Value::type("int"), true},
      {"optional_none", Value::optional_none(), Value::optional_none(), true},
      {"optional_of", Value::optional_of(Value::integer(1)), Value::optional_of(Value::dbl(1.0)), true},
      {"optional_mixed", Value::optional_none(), Value::optional_of(Value::integer(1)), false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.a.equals(c.b), c.equal) << c.name;
    EXPECT_EQ(c.b.equals(c.a), c.equal) << c.name << " (reversed)";
  }
}

TEST(ValueOrdering, NumericAcrossTypes) {
  EXPECT_EQ(Value::integer(-1).compare(Value::uinteger(0)), -1);
  EXPECT_EQ(Value::uinteger(UINT64_MAX).compare(Value::integer(INT64_MAX)), 1);
  EXPECT_EQ(Value::integer(2).compare(Value::dbl(1.5)), 1);
  EXPECT_EQ(Value::dbl(-0.5).compare(Value::integer(0)), -1);
  EXPECT_EQ(Value::uinteger(3).compare(Value::dbl(3.0)), 0);
  // The conformance suite compares int and double after conversion to double.
  EXPECT_EQ(Value::integer(INT64_MAX).compare(Value::dbl(9223372036854775808.0)), 0);
}

TEST(ValueOrdering, NaNIsUnordered) {
  Value nan = Value::dbl(kNaN);
  EXPECT_EQ(less_than(nan, Value::dbl(1)), false);
  EXPECT_EQ(less_than(Value::dbl(1), nan), false);
  EXPECT_EQ(less_equal(nan, nan), false);
  EXPECT_EQ(less_equal(Value::integer(1), nan), false);
}

TEST(ValueOrdering, OtherKinds) {
  EXPECT_EQ(Value::string("a").compare(Value::string("b")), -1);
  EXPECT_EQ(Value::bytes("b").compare(Value::bytes("a")), 1);
  EXPECT_EQ(Value::boolean(false).compare(Value::boolean(true)), -1);
  EXPECT_EQ(Value::duration(1, 5).compare(Value::duration(1, 4)), 1);
  EXPECT_EQ(Value::timestamp(0, 0).compare(Value::timestamp(0, 0)), 0);
  EXPECT_FALSE(Value::string("a").compare(Value::integer(1)).has_value());
  EXPECT_FALSE(list_of({}).compare(list_of({})).has_value());
  EXPECT_EQ(less_than(Value::integer(1), Value::string("x")), std::nullopt);
}

TEST(ValueMap, HeterogeneousNumericKeys) {
  Value m = Value::map({{Value::uinteger(1), Value::string("one")}, {Value::integer(2), Value::string("two")}});
  ASSERT_TRUE(m.map_find(Value::integer(1)).has_value());
  EXPECT_EQ(m.map_find(Value::dbl(2.0))->as_string(), "two");
  EXPECT_FALSE(m.map_find(Value::dbl(2.5)).has_value());
  EXPECT_FALSE(m.map_find(Value::string("1")).has_value());
}

TEST(ValueMap, LargeMapUsesIndexWithSameResults) {
  std::vector<MapEntry> entries;
  for (int i = 0; i < 100; ++i) {
    entries.emplace_back(Value::string("k" + std::to_string(i)), Value::integer(i));
    entries.emplace_back(Value::integer(i), Value::integer(-i));
  }
  Value m = Value::map(std::move(entries));
  EXPECT_EQ(m.map_size(), 200u);
  EXPECT_EQ(m.map_find(Value::string("k42"))->as_int(), 42);
  EXPECT_EQ(m.map_find(Value::uinteger(42))->as_int(), -42);
  EXPECT_EQ(m.map_find(Value::dbl(7.0))->as_int(), -7);
  EXPECT_EQ(m.map_find_field("k99", 0)->as_int(), 99);
  EXPECT_FALSE(m.map_find(Value::string("k100")).has_value());
  EXPECT_FALSE(m.map_find(Value::boolean(true)).has_value());
}

TEST(ValueJson, ScalarsListsAndMapsAreViews) {
  auto doc = JsonDoc::parse(R"({"name":"b1","size":3,"big":18446744073709551615,"ratio":0.5,
      "public":false,"tags":{"env":"prod"},"ports":[22,3389],"none":null})");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  Value root = Value::from_json(doc->root());
  ASSERT_EQ(root.kind(), Kind::Map);
  ASSERT_TRUE(root.json().has_value());
  EXPECT_EQ(root.map_size(), 8u);

  uint32_t name_id = KeyTable::instance().intern("name");
  auto name = root.map_find_field("name", name_id);
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->kind(), Kind::String);
  EXPECT_EQ(name->as_string(), "b1");
  EXPECT_EQ(root.map_find(Value::string("size"))->kind(), Kind::Int);
  EXPECT_EQ(root.map_find(Value::string("big"))->kind(), Kind::Uint);
  EXPECT_EQ(root.map_find(Value::string("ratio"))->as_double(), 0.5);
  EXPECT_EQ(root.map_find(Value::string("none"))->kind(), Kind::Null);
  EXPECT_FALSE(root.map_find_field("absent", KeyTable::instance().intern("absent")).has_value());
  EXPECT_FALSE(root.map_find(Value::integer(1)).has_value());

  Value ports = *root.map_find(Value::string("ports"));
  ASSERT_EQ(ports.kind(), Kind::List);
  EXPECT_EQ(ports.list_size(), 2u);
  EXPECT_EQ(ports.list_at(1).as_int(), 3389);
  EXPECT_TRUE(ports.equals(list_of({Value::integer(22), Value::dbl(3389.0)})));

  Value tags = *root.map_find(Value::string("tags"));
  EXPECT_TRUE(tags.equals(Value::map({{Value::string("env"), Value::string("prod")}})));
  EXPECT_EQ(tags.map_key_at(0).as_string(), "env");
  EXPECT_EQ(to_json_text(tags), R"({"env":"prod"})");
}

TEST(ValueJson, UnavailableNodeIsAnError) {
  auto doc = JsonDoc::parse(R"({"config":{"Name":"b"}})",
                            {UnavailablePart{{"config", "BucketPolicy"}, "GetBucketPolicy: AccessDenied"}});
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  Value config = *Value::from_json(doc->root()).map_find(Value::string("config"));
  auto policy = config.map_find(Value::string("BucketPolicy"));
  ASSERT_TRUE(policy.has_value());
  ASSERT_TRUE(policy->is_error());
  EXPECT_EQ(policy->error_message(), "collection failed: GetBucketPolicy: AccessDenied");
}

TEST(ValueRender, DebugString) {
  EXPECT_EQ(Value::integer(-3).debug_string(), "-3");
  EXPECT_EQ(Value::uinteger(3).debug_string(), "3u");
  EXPECT_EQ(Value::dbl(1).debug_string(), "1.0");
  EXPECT_EQ(Value::dbl(0.1).debug_string(), "0.1");
  EXPECT_EQ(Value::string("a\"b\n").debug_string(), R"("a\"b\n")");
  EXPECT_EQ(Value::bytes(std::string("\xff" "a", 2)).debug_string(), R"(b"\xffa")");
  EXPECT_EQ(list_of({Value::integer(1), Value::null()}).debug_string(), "[1, null]");
  EXPECT_EQ(Value::map({{Value::string("a"), Value::boolean(true)}}).debug_string(), R"({"a": true})");
  EXPECT_EQ(Value::duration(90, 500000000).debug_string(), R"(duration("90.5s"))");
  EXPECT_EQ(Value::timestamp(0, 0).debug_string(), R"(timestamp("1970-01-01T00:00:00Z"))");
  EXPECT_EQ(Value::timestamp(-1, 0).debug_string(), R"(timestamp("1969-12-31T23:59:59Z"))");
  EXPECT_EQ(Value::optional_of(Value::integer(1)).debug_string(), "optional.of(1)");
  EXPECT_EQ(Value::type("google.protobuf.Timestamp").debug_string(), "google.protobuf.Timestamp");
}

TEST(ValueRender, JsonText) {
  Value v = Value::map({{Value::string("n"), Value::dbl(kNaN)},
                        {Value::integer(1), list_of({Value::bytes("hi"), Value::timestamp(86400, 0)})}});
  EXPECT_EQ(to_json_text(v), R"({"n":"NaN","1":["aGk=","1970-01-02T00:00:00Z"]})");
  EXPECT_EQ(to_json_text(Value::string("\x01")), R"("\u0001")");
  EXPECT_EQ(to_json_text(Value::error("boom")), R"({"error":"boom"})");
}

TEST(ValueKinds, NamesAndCopiesShareImmutablePayloads) {
  EXPECT_EQ(kind_name(Kind::Null), "null_type");
  EXPECT_EQ(kind_name(Kind::Duration), "google.protobuf.Duration");
  Value a = Value::string("payload");
  Value b = a;  // NOLINT: copy on purpose
  EXPECT_EQ(a.as_string().data(), b.as_string().data());
  Value moved = std::move(a);
  EXPECT_EQ(moved.as_string(), "payload");
  static_assert(sizeof(Value) == 40, "Value must stay 40 bytes");
}

}  // namespace
}  // namespace vigil::cel
