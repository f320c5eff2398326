#include "runner.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cel/parser.h"
#include "cel/program.h"

namespace vigil::conformance {

namespace {

using nlohmann::ordered_json;
using cel::Kind;
using cel::Value;

std::string base64_decode(const std::string& in) {
  auto digit = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int d = digit(c);
    if (d < 0) continue;  // padding
    acc = (acc << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

// Typed JSON (README) -> Value. Throws std::runtime_error on bad input.
Value typed_value(const ordered_json& j) {
  if (!j.is_object() || j.size() != 1) throw std::runtime_error("typed value must be a one-key object: " + j.dump());
  auto it = j.begin();
  const std::string key = it.key();
  const ordered_json& v = it.value();
  if (key == "int") return Value::integer(std::stoll(v.get<std::string>()));
  if (key == "uint") return Value::uinteger(std::stoull(v.get<std::string>()));
  if (key == "double") {
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      if (s == "NaN") return Value::dbl(std::numeric_limits<double>::quiet_NaN());
      if (s == "Infinity") return Value::dbl(std::numeric_limits<double>::infinity());
      if (s == "-Infinity") return Value::dbl(-std::numeric_limits<double>::infinity());
      return Value::dbl(std::stod(s));
    }
    return Value::dbl(v.get<double>());
  }
  if (key == "string") return Value::string(v.get<std::string>());
  if (key == "bytes") return Value::bytes(base64_decode(v.get<std::string>()));
  if (key == "bool") return Value::boolean(v.get<bool>());
  if (key == "null") return Value::null();
  if (key == "type") return Value::type(v.get<std::string>());
  if (key == "list") {
    cel::ValueList items;
    for (const auto& e : v) items.push_back(typed_value(e));
    return Value::list(std::move(items));
  }
  if (key == "map") {
    std::vector<cel::MapEntry> entries;
    for (const auto& e : v) entries.emplace_back(typed_value(e.at(0)), typed_value(e.at(1)));
    return Value::map(std::move(entries));
  }
  throw std::runtime_error("unknown typed value kind '" + key + "'");
}

std::string render(const Value& v) {
  if (v.is_error()) return "error (" + v.error_message() + ")";
  return v.debug_string();
}

// Runs one case; returns "" when it passed, else "expected X, got Y".
std::string run_case(const ordered_json& c) {
  const std::string expr = c.at("expr").get<std::string>();
  const auto& expect = c.at("expect");
  const bool expect_error = expect.contains("error");
  std::string expected = expect_error ? "an error" : render(typed_value(expect.at("value")));

  cel::ParseOptions options;
  options.enable_macros = !c.value("disable_macros", false);
  auto parsed = cel::parse(expr, options);
  if (!parsed.ok()) {
    if (expect_error) return "";
    return "expected " + expected + ", got parse error at offset " + std::to_string(parsed.error().offset) +
           ": " + parsed.error().message;
  }
  cel::Env env;
  env.container = c.value("container", "");
  env.allow_unresolved = true;
  std::vector<Value> values;
  if (c.contains("bindings")) {
    for (const auto& [name, v] : c.at("bindings").items()) {
      env.variables.push_back(name);
      values.push_back(typed_value(v));
    }
  }
  auto program = cel::Program::compile(parsed.value(), env);
  if (!program.ok()) {
    if (expect_error) return "";
    return "expected " + expected + ", got compile error at offset " + std::to_string(program.error().offset) +
           ": " + program.error().message;
  }
  Value got = program->evaluate(values);
  if (expect_error) return got.is_error() ? "" : "expected an error, got " + render(got);
  Value want = typed_value(expect.at("value"));
  if (same_value(got, want)) return "";
  return "expected " + expected + ", got " + render(got);
}

}  // namespace

bool same_value(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::Double:
      if (std::isnan(a.as_double())) return std::isnan(b.as_double());
      return a.as_double() == b.as_double();
    case Kind::List:
      if (a.list_size() != b.list_size()) return false;
      for (size_t i = 0; i < a.list_size(); ++i) {
        if (!same_value(a.list_at(i), b.list_at(i))) return false;
      }
      return true;
    case Kind::Map:
      if (a.map_size() != b.map_size()) return false;
      for (size_t i = 0; i < a.map_size(); ++i) {
        Value key = a.map_key_at(i);
        bool found = false;
        for (size_t j = 0; j < b.map_size() && !found; ++j) {
          if (same_value(key, b.map_key_at(j))) {
            if (!same_value(a.map_value_at(i), b.map_value_at(j))) return false;
            found = true;
          }
        }
        if (!found) return false;
      }
      return true;
    case Kind::Optional:
      if (a.optional_has_value() != b.optional_has_value()) return false;
      return !a.optional_has_value() || same_value(a.optional_value(), b.optional_value());
    case Kind::Error: return true;
    default: return a.equals(b);
  }
}

Status run_file(const std::string& path, Summary& summary) {
  std::ifstream in(path);
  if (!in) return Error{"cannot open conformance file (check the path)", path};
  ordered_json cases;
  try {
    cases = ordered_json::parse(in);
  } catch (const std::exception& e) {
    return Error{std::string("not valid JSON: ") + e.what(), path};
  }
  if (!cases.is_array()) return Error{"expected a JSON array of cases", path};
  for (const auto& c : cases) {
    std::string id, expr, failure;
    try {
      id = c.value("file", "?") + "/" + c.value("section", "?") + "/" + c.value("name", "?");
      expr = c.at("expr").get<std::string>();
      failure = run_case(c);
    } catch (const std::exception& e) {
      failure = std::string("malformed case: ") + e.what();
    }
    if (int n = ++summary.name_counts[id]; n > 1) id += "#" + std::to_string(n);
    summary.case_ids.push_back(id);
    if (failure.empty()) {
      ++summary.passed;
    } else {
      ++summary.failed;
      summary.failures.push_back("FAIL " + id + ": " + expr + " \u2014 " + failure);
      summary.failed_cases[id] = expr + " \u2014 " + failure;
    }
  }
  return Status::Ok();
}

}  // namespace vigil::conformance
