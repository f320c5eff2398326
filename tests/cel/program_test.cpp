// CEL programs: compile-time resolution and errors, evaluation semantics
// (error absorption, has() on collection failures, optionals, lets,
// comprehensions), and concurrent evaluation of one Program.
#include "cel/program.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/json_doc.h"

namespace vigil::cel {
namespace {

Result<Program> compile(std::string_view text, const Env& env, const std::vector<NamedExpr>& lets = {}) {
  auto parsed = parse(text);
  if (!parsed.ok()) return parsed.error();
  return Program::compile(*parsed, env, lets);
}

Value eval(std::string_view text, const std::vector<std::string>& names = {},
           const std::vector<Value>& values = {}) {
  Env env;
  env.variables = names;
  auto program = compile(text, env);
  if (!program.ok()) return Value::error("compile: " + program.error().message);
  return program->evaluate(values);
}

// Lets from (name, text) pairs (NamedExpr is move-only).
std::vector<NamedExpr> lets(std::initializer_list<std::pair<const char*, const char*>> defs) {
  std::vector<NamedExpr> out;
  for (const auto& [name, text] : defs) {
    auto parsed = parse(text);
    EXPECT_TRUE(parsed.ok()) << text;
    out.push_back(NamedExpr{name, std::move(parsed).value()});
  }
  return out;
}

// An asset whose bucket policy could not be collected.
struct AssetFixture {
  JsonDoc doc;
  Value resource;
  AssetFixture() {
    auto parsed = JsonDoc::parse(
        R"({"id":"arn:aws:s3:::b1","config":{"Versioning":{"Status":"Enabled"},"Grants":[{"Uri":"AllUsers"}],
            "Tags":{"env":"prod"}}})",
        {UnavailablePart{{"config", "BucketPolicy"}, "GetBucketPolicy: AccessDenied"}});
    EXPECT_TRUE(parsed.ok());
    doc = std::move(parsed).value();
    resource = Value::from_json(doc.root());
  }
};

TEST(ProgramCompile, UndeclaredIdentifierHasItsOffset) {
  Env env;
  env.variables = {"resource"};
  auto p = compile("resource.x == 1 && missing > 2", env);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message, "undeclared reference to 'missing'");
  EXPECT_EQ(p.error().offset, 19u);
}

TEST(ProgramCompile, UnknownFunctionIsAnError) {
  Env env;
  auto p = compile("1 + frobnicate(2)", env);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("undeclared reference to function 'frobnicate'"), std::string::npos);
  EXPECT_EQ(p.error().offset, 4u);
  // Unchecked mode defers it to evaluation, where `|| true` absorbs it.
  env.allow_unresolved = true;
  auto unchecked = compile("frobnicate(2) || true", env);
  ASSERT_TRUE(unchecked.ok());
  EXPECT_TRUE(unchecked->evaluate({}).as_bool());
}

TEST(ProgramCompile, ErrorsInLetsNameTheLet) {
  Env env;
  auto p = compile("a", env, lets({{"a", "1 + nope"}}));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message, "in let 'a': undeclared reference to 'nope'");
  EXPECT_EQ(p.error().offset, 4u);
}

TEST(ProgramNames, QualifiedVariablesAndContainer) {
  Env env;
  env.variables = {"a.b", "x.y.z", "m"};
  env.container = "x.y";
  auto p = compile("a.b.c + z + m", env);
  ASSERT_TRUE(p.ok()) << p.error().message;
  Value ab = Value::map({{Value::string("c"), Value::integer(1)}});
  Value r = p->evaluate(std::vector<Value>{ab, Value::integer(10), Value::integer(100)});
  EXPECT_EQ(r.as_int(), 111);
}

TEST(ProgramNames, TypeIdentifiersAndQualifiedFunctions) {
  EXPECT_TRUE(eval("type(1) == int && type('') == string && type(null) == null_type").as_bool());
  EXPECT_TRUE(eval("type(duration('1s')) == google.protobuf.Duration").as_bool());
  EXPECT_EQ(eval("math.greatest(1, 5, 3)").as_int(), 5);
  EXPECT_EQ(eval("optional.of(2).value()").as_int(), 2);
  // A variable named like a namespace turns the call into a receiver call.
  EXPECT_TRUE(eval("math.greatest(1)", {"math"}, {Value::integer(0)}).is_error());
}

TEST(ProgramLogic, CommutativeErrorAbsorption) {
  EXPECT_FALSE(eval("false && (1 / 0 == 1)").as_bool());
  EXPECT_FALSE(eval("(1 / 0 == 1) && false").as_bool());
  EXPECT_TRUE(eval("(1 / 0 == 1) || true").as_bool());
  EXPECT_TRUE(eval("true || 'x'").as_bool());
  EXPECT_TRUE(eval("(1 / 0 == 1) && true").is_error());
  EXPECT_TRUE(eval("false || (1 / 0 == 1)").is_error());
  Value v = eval("1 && true");
  ASSERT_TRUE(v.is_error());
  EXPECT_NE(v.error_message().find("no matching overload"), std::string::npos);
  EXPECT_EQ(eval("true ? 1 : 1 / 0").as_int(), 1);
  EXPECT_TRUE(eval("'x' ? 1 : 2").is_error());
}

TEST(ProgramSelect, FieldsHasAndCollectionFailures) {
  AssetFixture a;
  const std::vector<std::string> names = {"resource"};
  const std::vector<Value> values = {a.resource};
  EXPECT_EQ(eval("resource.config.Versioning.Status", names, values).as_string(), "Enabled");
  EXPECT_TRUE(eval("has(resource.config.Tags)", names, values).as_bool());
  EXPECT_FALSE(eval("has(resource.config.Logging)", names, values).as_bool());

  Value missing = eval("resource.config.Logging.Enabled", names, values);
  ASSERT_TRUE(missing.is_error());
  EXPECT_EQ(missing.error_message(), "no such key: Logging");

  // A part whose collection failed is never "absent": has() is an error.
  Value has_policy = eval("has(resource.config.BucketPolicy)", names, values);
  ASSERT_TRUE(has_policy.is_error());
  EXPECT_EQ(has_policy.error_message(), "collection failed: GetBucketPolicy: AccessDenied");
  EXPECT_TRUE(eval("!has(resource.config.BucketPolicy)", names, values).is_error());
  EXPECT_TRUE(eval("has(resource.config.BucketPolicy.Statement)", names, values).is_error());
  EXPECT_TRUE(eval("resource.config.BucketPolicy.Statement.size() > 0", names, values).is_error());

  EXPECT_TRUE(eval("has(resource.id.x)", names, values).is_error());
  EXPECT_TRUE(eval("resource.config.Grants.exists(g, g.Uri == 'AllUsers')", names, values).as_bool());
  EXPECT_EQ(eval("resource.config.Tags['env']", names, values).as_string(), "prod");
  EXPECT_TRUE(eval("'env' in resource.config.Tags", names, values).as_bool());
}

TEST(ProgramIndex, ListsMapsAndIn) {
  EXPECT_EQ(eval("[1, 2, 3][2u]").as_int(), 3);
  EXPECT_EQ(eval("[1, 2, 3][dyn(1.0)]").as_int(), 2);
  EXPECT_TRUE(eval("[1, 2, 3][3]").is_error());
  EXPECT_TRUE(eval("[1, 2, 3][dyn(1.5)]").is_error());
  EXPECT_EQ(eval("{1: 'a', 2u: 'b'}[2.0]").as_string(), "b");
  EXPECT_TRUE(eval("{1: 'a'}[dyn(b'')]").is_error());
  EXPECT_TRUE(eval("2.0 in [1, 2u]").as_bool());
  EXPECT_FALSE(eval("'a' in {'b': 1}").as_bool());
}

TEST(ProgramConstruction, MapKeysAndStructs) {
  Value dup = eval("{1: 'a', 1u: 'b'}");
  ASSERT_TRUE(dup.is_error());
  EXPECT_NE(dup.error_message().find("duplicate map key"), std::string::npos);
  EXPECT_TRUE(eval("{1.5: 'a'}").is_error());
  EXPECT_TRUE(eval("{[1]: 'a'}", {}, {}).is_error());
  Value s = eval("Foo{a: 1}");
  ASSERT_TRUE(s.is_error());
  EXPECT_NE(s.error_message().find("unsupported message type 'Foo'"), std::string::npos);
  EXPECT_EQ(eval("[?optional.none(), ?optional.of(1), 2]").list_size(), 2u);
  EXPECT_EQ(eval("{?'a': optional.none(), 'b': 1}").map_size(), 1u);
}

TEST(ProgramOptionals, ChainingOrAndOrValue) {
  EXPECT_EQ(eval("{'a': {'b': 1}}.?a.b.orValue(0)").as_int(), 1);
  EXPECT_EQ(eval("{'a': {}}.?a.b.orValue(7)").as_int(), 7);
  EXPECT_EQ(eval("{}.?a.or(optional.of(3)).value()").as_int(), 3);
  // or() is lazy: the alternative is not evaluated when a value is present.
  EXPECT_EQ(eval("optional.of(1).or(optional.of(1 / 0)).value()").as_int(), 1);
  EXPECT_FALSE(eval("[1][?5].hasValue()").as_bool());
  EXPECT_TRUE(eval("1.orValue(2)").is_error());
}

TEST(ProgramComprehensions, MacrosAndBind) {
  EXPECT_TRUE(eval("[1, 2, 3].all(x, x > 0)").as_bool());
  EXPECT_TRUE(eval("[1, 2, 3].exists_one(x, x == 2)").as_bool());
  EXPECT_EQ(eval("[1, 2, 3].map(x, x * 2)").list_at(2).as_int(), 6);
  EXPECT_EQ(eval("[1, 2, 3, 4].filter(x, x % 2 == 0).size()").as_int(), 2);
  EXPECT_TRUE(eval("{'a': 1, 'b': 2}.exists(k, k == 'b')").as_bool());
  EXPECT_TRUE(eval("[[1], [2, 3]].exists(x, x.exists(x, x == 3))").as_bool());
  EXPECT_EQ(eval("cel.bind(x, 2, cel.bind(y, x * 3, x + y))").as_int(), 8);
  EXPECT_TRUE(eval("[1, 0].all(x, 1 / x > 0)").is_error());
  EXPECT_FALSE(eval("[1, 0, -1].all(x, 1 / x > 0 && x > 0)").as_bool());
  EXPECT_TRUE(eval("5.all(x, true)").is_error());
}

TEST(ProgramLets, OrderScopeAndErrorsAsValues) {
  Env env;
  env.variables = {"n"};
  auto p = compile("doubled + tripled > 10 || broken", env,
                   lets({{"doubled", "n * 2"}, {"tripled", "doubled + n"}, {"broken", "1 / 0 == 1"}}));
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_TRUE(p->evaluate(std::vector<Value>{Value::integer(3)}).as_bool());
  EXPECT_TRUE(p->evaluate(std::vector<Value>{Value::integer(1)}).is_error());
  // A let cannot see the lets after it.
  auto bad = compile("a", env, lets({{"a", "b"}, {"b", "1"}}));
  EXPECT_FALSE(bad.ok());
}

TEST(ProgramConcurrency, OneProgramFromFourThreads) {
  AssetFixture a;
  Env env;
  env.variables = {"resource", "n", "params"};
  // params is an owned map shared by every thread (as a policy's params are).
  Value params = Value::map({{Value::string("ports"), Value::list({Value::integer(22), Value::integer(3389)})},
                             {Value::string("name"), Value::string("AllUsers")}});
  auto p = compile(
      "resource.config.Grants.exists(g, g.Uri == params.name) && [1, 2, 3].map(x, x * n)[2] == 3 * n && "
      "params.ports.exists(p, p == 22) && params.ports[1] == 3389 && size(params.ports) == 2",
      env);
  ASSERT_TRUE(p.ok()) << p.error().message;
  std::vector<int> ok_counts(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        Value r = p->evaluate(std::vector<Value>{a.resource, Value::integer(i + t), params});
        if (r.kind() == Kind::Bool && r.as_bool()) ++ok_counts[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok_counts[t], 2000) << "thread " << t;
}

TEST(ProgramEvaluate, ConstructorsFoldOnlyOverConstants) {
  Value ts = Value::string("2024-01-01T00:00:00Z");
  EXPECT_TRUE(eval("timestamp(t) == timestamp('2024-01-01T00:00:00Z')", {"t"}, {ts}).as_bool());
  EXPECT_TRUE(eval("duration(d) < duration('2h')", {"d"}, {Value::string("1h")}).as_bool());
  // A constant argument that fails stays a runtime error, not a compile error.
  EXPECT_TRUE(eval("duration('not a duration')").is_error());
}

TEST(ProgramEvaluate, MissingVariableValueIsAnError) {
  Env env;
  env.variables = {"a", "b"};
  auto p = compile("b", env);
  ASSERT_TRUE(p.ok());
  Value r = p->evaluate(std::vector<Value>{Value::integer(1)});
  ASSERT_TRUE(r.is_error());
  EXPECT_NE(r.error_message().find("'b'"), std::string::npos);
}

}  // namespace
}  // namespace vigil::cel
