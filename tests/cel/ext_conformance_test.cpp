// Runs the CEL conformance cases for the extension libraries
// (../shared/conformance/cel/*_ext.json, optionals.json) end to end:
// parse -> compile against the builtin registry -> evaluate -> compare.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/shared_dir.h"
#include "cel/parser.h"
#include "cel/program.h"

namespace vigil::cel {
namespace {

using nlohmann::json;

std::string base64_decode(const std::string& in) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const size_t v = alphabet.find(c);
    if (v == std::string::npos) continue;  // '=' padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// Typed JSON (see shared/conformance/README.md) to a Value.
Value from_typed(const json& j) {
  const auto it = j.begin();
  const std::string tag = it.key();
  const json& v = it.value();
  if (tag == "int") return Value::integer(std::stoll(v.get<std::string>()));
  if (tag == "uint") return Value::uinteger(std::stoull(v.get<std::string>()));
  if (tag == "double") {
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      if (s == "NaN") return Value::dbl(std::nan(""));
      return Value::dbl(s == "Infinity" ? INFINITY : -INFINITY);
    }
    return Value::dbl(v.get<double>());
  }
  if (tag == "string") return Value::string(v.get<std::string>());
  if (tag == "bytes") return Value::bytes(base64_decode(v.get<std::string>()));
  if (tag == "bool") return Value::boolean(v.get<bool>());
  if (tag == "null") return Value::null();
  if (tag == "type") return Value::type(v.get<std::string>());
  if (tag == "list") {
    ValueList items;
    for (const auto& e : v) items.push_back(from_typed(e));
    return Value::list(std::move(items));
  }
  if (tag == "map") {
    std::vector<MapEntry> entries;
    for (const auto& e : v) entries.emplace_back(from_typed(e[0]), from_typed(e[1]));
    return Value::map(std::move(entries));
  }
  ADD_FAILURE() << "unknown typed value " << j.dump();
  return Value::null();
}

bool same(const Value& got, const Value& want) {
  if (got.kind() != want.kind()) return false;
  if (want.kind() == Kind::Double && std::isnan(want.as_double())) return std::isnan(got.as_double());
  if (want.kind() == Kind::Type) return got.type_name() == want.type_name();
  return got.equals(want);
}

// Runs one case; returns an empty string on success, else a description.
std::string run_case(const json& c) {
  const std::string expr = c["expr"];
  ParseOptions options;
  options.enable_macros = !c.value("disable_macros", false);
  auto parsed = parse(expr, options);
  const bool want_error = c["expect"].contains("error");
  // An expected error may surface at parse or compile time (wrong arity,
  // undeclared overloads), as a type checker would report it.
  if (!parsed.ok()) return want_error ? "" : "parse error: " + parsed.error().message;
  Env env;
  env.container = c.value("container", "");
  std::vector<Value> vars;
  if (c.contains("bindings") && c["bindings"].is_object()) {
    for (const auto& [name, v] : c["bindings"].items()) {
      env.variables.push_back(name);
      vars.push_back(from_typed(v));
    }
  }
  auto program = Program::compile(*parsed, env);
  if (!program.ok()) return want_error ? "" : "compile error: " + program.error().message;
  const Value got = program->evaluate(vars);
  if (want_error) return got.is_error() ? "" : "want an error, got " + got.debug_string();
  if (got.is_error()) return "error: " + got.error_message();
  const Value want = from_typed(c["expect"]["value"]);
  if (!same(got, want)) return "got " + got.debug_string() + ", want " + want.debug_string();
  return "";
}

class ExtConformance : public ::testing::TestWithParam<const char*> {};

TEST_P(ExtConformance, AllCasesPass) {
  const std::filesystem::path path =
      test_support::conformance_path("cel/" + std::string(GetParam()) + ".json");
  if (path.empty() || !std::filesystem::exists(path))
    GTEST_SKIP() << "conformance data not found (" << test_support::looked_for_shared_dir() << ")";
  std::ifstream in(path);
  const json cases = json::parse(in);
  size_t passed = 0;
  for (const auto& c : cases) {
    const std::string problem = run_case(c);
    if (problem.empty()) {
      ++passed;
    } else {
      ADD_FAILURE() << c["section"].get<std::string>() << "/" << c["name"].get<std::string>() << ": "
                    << c["expr"].get<std::string>() << "\n  " << problem;
    }
  }
  std::cout << GetParam() << ": " << passed << "/" << cases.size() << " passed\n";
}

INSTANTIATE_TEST_SUITE_P(Suites, ExtConformance,
                         ::testing::Values("string_ext", "math_ext", "network_ext", "encoders_ext",
                                           "bindings_ext", "optionals"));

}  // namespace
}  // namespace vigil::cel
