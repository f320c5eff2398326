// Shared pieces of the CEL standard library (FunctionRegistry::add_standard).
//
// Contract
// - Each register_* function adds one area's functions to a registry; all of
//   them are strict (never see Error arguments) and report runtime errors as
//   Value::error with a message naming the operation.
// - no_overload() builds the "no such overload" error every dispatcher
//   returns when the argument kinds fit none of its signatures.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cel/functions.h"
#include "cel/value.h"

namespace vigil::cel::stdlib {

// "no such overload: _+_(int, string)".
Value no_overload(std::string_view function, std::span<const Value> args);

// The text string(double) produces, as the reference implementation's %g:
// shortest round-trip digits, exponent form below 1e-4 and from 1e6 up
// ("1e+06", "1.5e-05"), otherwise plain ("123.456", "-0.0045"); "NaN",
// "+Inf", "-Inf".
std::string format_double(double d);

void register_arithmetic(FunctionRegistry& r);   // _+_ _-_ _*_ _/_ _%_ -_ !_
void register_comparison(FunctionRegistry& r);   // _==_ _!=_ _<_ _<=_ _>_ _>=_
void register_conversions(FunctionRegistry& r);  // int uint double string bytes bool dyn type ...
void register_strings(FunctionRegistry& r);      // contains startsWith endsWith matches
void register_collections(FunctionRegistry& r);  // size _[_] @in
void register_time(FunctionRegistry& r);         // timestamp/duration accessors

}  // namespace vigil::cel::stdlib
