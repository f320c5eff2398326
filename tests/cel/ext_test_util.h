// Calls extension functions through a FunctionRegistry holding only the
// extension libraries, the way the evaluator would.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "cel/functions.h"

namespace vigil::cel::testing {

inline const FunctionRegistry& ext_registry() {
  static const FunctionRegistry r = [] {
    FunctionRegistry reg;
    FunctionRegistry::add_extensions(reg);
    return reg;
  }();
  return r;
}

inline Value call(const std::string& name, CallStyle style, std::vector<Value> args) {
  const FunctionImpl* fn = ext_registry().find(name, style, args.size());
  if (fn == nullptr) {
    ADD_FAILURE() << "no function " << name << "/" << args.size();
    return Value::error("missing function");
  }
  return (*fn)(args, CallContext{});
}

// Receiver-style call: recv.name(args...).
inline Value member(const std::string& name, Value recv, std::vector<Value> args = {}) {
  args.insert(args.begin(), std::move(recv));
  return call(name, CallStyle::Receiver, std::move(args));
}

inline Value global(const std::string& name, std::vector<Value> args = {}) {
  return call(name, CallStyle::Global, std::move(args));
}

inline Value S(std::string s) { return Value::string(std::move(s)); }
inline Value I(int64_t i) { return Value::integer(i); }
inline Value U(uint64_t u) { return Value::uinteger(u); }
inline Value D(double d) { return Value::dbl(d); }
inline Value L(std::vector<Value> items) { return Value::list(std::move(items)); }

// The string inside a String result, or a failure naming what came back.
inline std::string str(const Value& v) {
  if (v.kind() != Kind::String) {
    ADD_FAILURE() << "expected a string, got " << v.debug_string();
    return "<not a string>";
  }
  return std::string(v.as_string());
}

inline int64_t int_of(const Value& v) {
  if (v.kind() != Kind::Int) {
    ADD_FAILURE() << "expected an int, got " << v.debug_string();
    return -999999;
  }
  return v.as_int();
}

inline bool bool_of(const Value& v) {
  if (v.kind() != Kind::Bool) {
    ADD_FAILURE() << "expected a bool, got " << v.debug_string();
    return false;
  }
  return v.as_bool();
}

}  // namespace vigil::cel::testing
