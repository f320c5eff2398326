// CEL values from JSON (nlohmann): the one conversion, used for policy
// parameter values (policy YAML goes through JSON first) and vigil.yaml's
// parameter overrides.
//
// Contract: null, bool and string map to their CEL kinds; arrays to lists,
// objects to maps with string keys (in the
// object's iteration order); floats to double.
// Integers are `int` when they fit int64 (whether the JSON number was
// parsed as signed or unsigned), `uint` only above INT64_MAX, so `30` is the
// same value from every source. Discarded/binary JSON values are an Error.
#pragma once

#include <nlohmann/json.hpp>

#include "cel/value.h"
#include "core/result.h"

namespace vigil::cel {

Result<Value> value_from_json(const nlohmann::json& json);

}  // namespace vigil::cel
