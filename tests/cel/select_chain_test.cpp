// Chains of field selections (`r.a.b.c`) compile to one node that walks a
// JSON document by key id: every way a step can end (missing key, has(),
// a non-object in the middle, an unavailable part, an owned map, an
// optional) must give what one selection per step gives.
#include <gtest/gtest.h>

#include "cel/program.h"
#include "core/json_doc.h"

namespace vigil::cel {
namespace {

class SelectChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = JsonDoc::parse(
        R"({"config": {"A": {"B": {"C": 7, "S": "text"}, "L": [1, 2]}, "N": null},
            "id": "x"})",
        {UnavailablePart{{"config", "Gone"}, "GetGone: AccessDenied"}});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    doc_ = std::make_unique<JsonDoc>(std::move(parsed).value());
  }

  Value eval(std::string_view text) {
    auto parsed = parse(text);
    if (!parsed.ok()) return Value::error("parse: " + parsed.error().message);
    Env env;
    env.variables = {"r", "p"};
    auto program = Program::compile(*parsed, env);
    if (!program.ok()) return Value::error("compile: " + program.error().message);
    Value params = Value::map({{Value::string("outer"), Value::map({{Value::string("inner"), Value::integer(5)}})}});
    const std::vector<Value> vars = {Value::from_json(doc_->root()), params};
    Value by_value = program->evaluate(vars);
    // The by-pointer entry point must agree.
    const Value* ptrs[] = {&vars[0], &vars[1]};
    Value by_ref = program->evaluate_refs(ptrs);
    EXPECT_EQ(by_value.debug_string(), by_ref.debug_string()) << text;
    return by_value;
  }

  std::unique_ptr<JsonDoc> doc_;
};

TEST_F(SelectChainTest, LeafValues) {
  EXPECT_EQ(eval("r.config.A.B.C").as_int(), 7);
  EXPECT_EQ(eval("r.config.A.B.S").as_string(), "text");
  EXPECT_EQ(eval("r.config.A.L.size()").as_int(), 2);
  EXPECT_EQ(eval("r.config.N").kind(), Kind::Null);
  EXPECT_EQ(eval("p.outer.inner").as_int(), 5);
}

TEST_F(SelectChainTest, MissingKeysAreErrorsNamingTheKey) {
  Value missing_leaf = eval("r.config.A.B.Z");
  ASSERT_TRUE(missing_leaf.is_error());
  EXPECT_EQ(missing_leaf.error_message(), "no such key: Z");
  Value missing_middle = eval("r.config.X.B.C");
  ASSERT_TRUE(missing_middle.is_error());
  EXPECT_EQ(missing_middle.error_message(), "no such key: X");
  EXPECT_TRUE(eval("p.outer.missing").is_error());
  // Absorbed by || like any error.
  EXPECT_TRUE(eval("r.config.X.B.C == 1 || true").as_bool());
}

TEST_F(SelectChainTest, HasTestsOnlyTheLastStep) {
  EXPECT_TRUE(eval("has(r.config.A.B.C)").as_bool());
  EXPECT_FALSE(eval("has(r.config.A.B.Z)").as_bool());
  EXPECT_TRUE(eval("has(r.config.X.B)").is_error());  // the operand itself fails
  EXPECT_TRUE(eval("has(p.outer.inner)").as_bool());
  EXPECT_FALSE(eval("has(p.outer.nope)").as_bool());
}

TEST_F(SelectChainTest, NonObjectInTheMiddle) {
  Value on_int = eval("r.config.A.B.C.D");
  ASSERT_TRUE(on_int.is_error());
  EXPECT_NE(on_int.error_message().find("does not support field selection"), std::string::npos)
      << on_int.error_message();
  EXPECT_TRUE(eval("r.config.A.L.x").is_error());
  EXPECT_TRUE(eval("r.config.N.x").is_error());
}

TEST_F(SelectChainTest, UnavailablePartsStayErrors) {
  Value leaf = eval("r.config.Gone");
  ASSERT_TRUE(leaf.is_error());
  EXPECT_NE(leaf.error_message().find("GetGone: AccessDenied"), std::string::npos);
  Value below = eval("r.config.Gone.Deeper.Field");
  ASSERT_TRUE(below.is_error());
  EXPECT_NE(below.error_message().find("GetGone: AccessDenied"), std::string::npos);
  // has() on an unavailable part is neither true nor false.
  EXPECT_TRUE(eval("has(r.config.Gone)").is_error());
  EXPECT_TRUE(eval("has(r.config.Gone.Deeper)").is_error());
}

TEST_F(SelectChainTest, OptionalSelectionsKeepTheirSemantics) {
  EXPECT_EQ(eval("r.config.?A.B.C.orValue(0)").as_int(), 7);
  EXPECT_EQ(eval("r.config.?X.B.C.orValue(0)").as_int(), 0);
  EXPECT_EQ(eval("r.config.A.?B.C.value()").as_int(), 7);
}

}  // namespace
}  // namespace vigil::cel
