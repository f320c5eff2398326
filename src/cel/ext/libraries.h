// CEL extension libraries, one registration function per library. They are
// all installed by FunctionRegistry::add_extensions (extensions.cpp); each is
// also callable alone, e.g. by a test that wants one library.
//
// Naming follows cel-go's ext library: qualified globals are registered with
// their full dotted name in Global style ("math.greatest", "base64.encode",
// "optional.of"), member functions in Receiver style with the receiver as
// args[0]. All functions are strict and report runtime problems as
// Value::error with a message naming the function.
#pragma once

#include "cel/functions.h"

namespace vigil::cel::ext {

// charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split,
// substring, trim, join, reverse (string and list), strings.quote, format.
void add_strings(FunctionRegistry& registry);
// math.greatest/least, ceil, floor, round, trunc, abs, sign, isInf, isNaN,
// isFinite, sqrt, bitAnd/Or/Xor/Not, bitShiftLeft/Right.
void add_math(FunctionRegistry& registry);
// base64.encode, base64.decode.
void add_encoders(FunctionRegistry& registry);
// optional.of, optional.none, optional.ofNonZeroValue, hasValue, value.
void add_optionals(FunctionRegistry& registry);
// slice, flatten, distinct, sort, @sortByAssociatedKeys (for a sortBy
// macro), first, last, lists.range, plus
// sets.contains/equivalent/intersects. (List reverse lives with strings'
// reverse, since both share the (reverse, Receiver, 1) slot.)
void add_lists(FunctionRegistry& registry);
// ip, cidr, isIP, isCIDR, ip.isCanonical and the net.IP / net.CIDR members.
void add_network(FunctionRegistry& registry);

}  // namespace vigil::cel::ext
