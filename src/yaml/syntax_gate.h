// A second, independent YAML parser in front of yaml-cpp 0.7.
//
// yaml-cpp 0.7 loops forever on some malformed texts (the fuzzers found four,
// each a different stray ','; tests/policy/fuzz_regressions). Patching the
// shapes one by one does not prove there is no fifth. libyaml, the parser
// behind PyYAML and Ruby's Psych, is fuzzed continuously by OSS-Fuzz and has
// no recursion. Vigil hands
// yaml-cpp only text that libyaml has parsed whole, so yaml-cpp sees well
// formed YAML, the input its own test suite covers.
//
// Contract
// - Returns the first syntax error libyaml finds, with its 1-based line and
//   column in `text`, or nothing when the whole stream parses.
// - Collections nested deeper than `max_depth` (the loader's depth limit)
//   stop the parse there with a TooDeep problem: libyaml's scanner checks
//   every pending flow level on each token, so its time grows with the
//   square of the nesting (100,000 '[' took 11 s); bounded, it stays linear.
// - Never throws, never allocates more than a constant factor of the text.
// - Other limits (node budget, aliases) stay in load.cpp.
#pragma once

#include <optional>
#include <string_view>

#include "yaml/load.h"

namespace vigil::yaml {

std::optional<YamlProblem> libyaml_syntax_problem(std::string_view text, size_t max_depth);

}  // namespace vigil::yaml
