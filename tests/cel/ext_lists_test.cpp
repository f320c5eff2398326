// Lists and sets extensions, optionals (of/none/ofNonZeroValue/hasValue/
// value) and base64 encoders.
#include <gtest/gtest.h>

#include "ext_test_util.h"

namespace vigil::cel::testing {
namespace {

std::vector<int64_t> ints(const Value& v) {
  std::vector<int64_t> out;
  EXPECT_EQ(v.kind(), Kind::List) << v.debug_string();
  if (v.kind() != Kind::List) return out;
  for (size_t i = 0; i < v.list_size(); ++i) out.push_back(v.list_at(i).as_int());
  return out;
}

using V = std::vector<int64_t>;

TEST(ExtLists, Slice) {
  EXPECT_EQ(ints(member("slice", L({I(1), I(2), I(3), I(4)}), {I(1), I(3)})), (V{2, 3}));
  EXPECT_EQ(ints(member("slice", L({I(1), I(2)}), {I(2), I(2)})), V{});
  EXPECT_TRUE(member("slice", L({I(1)}), {I(-1), I(1)}).is_error());
  EXPECT_TRUE(member("slice", L({I(1)}), {I(1), I(0)}).is_error());
  Value past = member("slice", L({I(1)}), {I(0), I(2)});
  ASSERT_TRUE(past.is_error());
  EXPECT_EQ(past.error_message(), "cannot slice(0, 2), list is length 1");
}

TEST(ExtLists, Flatten) {
  Value nested = L({I(1), L({I(2), L({I(3), L({I(4)})})})});
  Value once = member("flatten", nested);
  ASSERT_EQ(once.list_size(), 3u);
  EXPECT_EQ(once.list_at(2).kind(), Kind::List);
  EXPECT_EQ(ints(member("flatten", nested, {I(3)})), (V{1, 2, 3, 4}));
  EXPECT_EQ(ints(member("flatten", L({I(1), L({}), L({I(3), I(4)})}))), (V{1, 3, 4}));
  EXPECT_TRUE(member("flatten", nested, {I(-1)}).is_error());
}

TEST(ExtLists, DistinctSortReverseRange) {
  EXPECT_EQ(ints(member("distinct", L({I(1), I(2), I(2), I(3), I(3), I(3)}))), (V{1, 2, 3}));
  EXPECT_EQ(ints(member("sort", L({I(3), I(2), I(1)}))), (V{1, 2, 3}));
  Value words = member("sort", L({S("b"), S("c"), S("a")}));
  EXPECT_EQ(words.list_at(0).as_string(), "a");
  EXPECT_TRUE(member("sort", L({I(1), S("b")})).is_error());
  EXPECT_TRUE(member("sort", L({L({I(1)})})).is_error());
  EXPECT_EQ(ints(member("reverse", L({I(5), I(3), I(1), I(2)}))), (V{2, 1, 3, 5}));
  EXPECT_EQ(ints(global("lists.range", {I(4)})), (V{0, 1, 2, 3}));
  EXPECT_EQ(ints(global("lists.range", {I(0)})), V{});
  EXPECT_TRUE(global("lists.range", {I(int64_t{1} << 40)}).is_error());
}

TEST(ExtLists, SortByAssociatedKeys) {
  Value names = L({S("foo"), S("bar"), S("baz")});
  Value sorted = member("@sortByAssociatedKeys", names, {L({I(0), I(-10), I(1000)})});
  ASSERT_EQ(sorted.kind(), Kind::List);
  EXPECT_EQ(sorted.list_at(0).as_string(), "bar");
  EXPECT_EQ(sorted.list_at(1).as_string(), "foo");
  EXPECT_EQ(sorted.list_at(2).as_string(), "baz");
  Value stable = member("@sortByAssociatedKeys", names, {L({I(1), I(0), I(1)})});
  EXPECT_EQ(stable.list_at(1).as_string(), "foo");
  EXPECT_TRUE(member("@sortByAssociatedKeys", names, {L({I(1)})}).is_error());
  EXPECT_TRUE(member("@sortByAssociatedKeys", names, {L({I(1), S("x"), I(2)})}).is_error());
}

TEST(ExtLists, FirstAndLastAreOptional) {
  Value f = member("first", L({I(1), I(2), I(3)}));
  ASSERT_EQ(f.kind(), Kind::Optional);
  EXPECT_EQ(f.optional_value().as_int(), 1);
  Value l = member("last", L({I(1), I(2), I(3)}));
  EXPECT_EQ(l.optional_value().as_int(), 3);
  EXPECT_FALSE(member("first", L({})).optional_has_value());
}

TEST(ExtSets, ContainsEquivalentIntersects) {
  EXPECT_TRUE(bool_of(global("sets.contains", {L({}), L({})})));
  EXPECT_FALSE(bool_of(global("sets.contains", {L({}), L({I(1)})})));
  EXPECT_TRUE(bool_of(global("sets.contains", {L({I(1), D(2.0), U(3)}), L({D(1.0), U(2), I(3)})})));
  EXPECT_TRUE(bool_of(global("sets.equivalent", {L({I(1)}), L({I(1), I(1)})})));
  EXPECT_FALSE(bool_of(global("sets.equivalent", {L({I(1)}), L({I(1), I(2)})})));
  EXPECT_FALSE(bool_of(global("sets.intersects", {L({I(1)}), L({})})));
  EXPECT_TRUE(bool_of(global("sets.intersects", {L({I(1)}), L({I(1), I(2)})})));
}

TEST(ExtOptionals, OfNoneValue) {
  Value some = global("optional.of", {Value::null()});
  EXPECT_TRUE(bool_of(member("hasValue", some)));
  Value none = global("optional.none");
  EXPECT_FALSE(bool_of(member("hasValue", none)));
  Value deref = member("value", none);
  ASSERT_TRUE(deref.is_error());
  EXPECT_EQ(int_of(member("value", global("optional.of", {I(42)}))), 42);
  EXPECT_TRUE(member("hasValue", I(1)).is_error());
}

TEST(ExtOptionals, OfNonZeroValue) {
  for (const Value& zero : {Value::null(), Value::boolean(false), I(0), U(0), D(0.0), S(""),
                            Value::bytes(""), L({}), Value::map({}), Value::duration(0, 0)}) {
    EXPECT_FALSE(global("optional.ofNonZeroValue", {zero}).optional_has_value()) << zero.debug_string();
  }
  for (const Value& v : {Value::boolean(true), I(42), S("x"), L({I(0)}), Value::duration(0, 1)}) {
    EXPECT_TRUE(global("optional.ofNonZeroValue", {v}).optional_has_value()) << v.debug_string();
  }
}

TEST(ExtEncoders, Base64) {
  EXPECT_EQ(str(global("base64.encode", {Value::bytes("hello")})), "aGVsbG8=");
  EXPECT_EQ(str(global("base64.encode", {Value::bytes("")})), "");
  EXPECT_EQ(str(global("base64.encode", {Value::bytes("Hello World!")})), "SGVsbG8gV29ybGQh");
  EXPECT_EQ(str(global("base64.encode", {Value::bytes(std::string("\xff\xfe", 2))})), "//4=");
  auto decoded = [](const std::string& s) {
    Value v = global("base64.decode", {S(s)});
    EXPECT_EQ(v.kind(), Kind::Bytes) << s << ": " << v.debug_string();
    return v.kind() == Kind::Bytes ? std::string(v.as_string()) : std::string("<error>");
  };
  EXPECT_EQ(decoded("aGVsbG8="), "hello");
  EXPECT_EQ(decoded("aGVsbG8"), "hello");  // padding may be left off
  EXPECT_EQ(decoded("aGk="), "hi");
  EXPECT_EQ(decoded("aGk"), "hi");
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("//4="), std::string("\xff\xfe", 2));
  EXPECT_TRUE(global("base64.decode", {S("a")}).is_error());
  EXPECT_TRUE(global("base64.decode", {S("aGk*")}).is_error());
  EXPECT_TRUE(global("base64.decode", {S("aG=k")}).is_error());
  EXPECT_TRUE(global("base64.decode", {S("aGVsbG8==")}).is_error());
  EXPECT_TRUE(global("base64.encode", {S("text")}).is_error());
}

}  // namespace
}  // namespace vigil::cel::testing
