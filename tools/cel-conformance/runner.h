// CEL conformance runner: runs the cases of the JSON conformance files
// (format: ../shared/conformance/README.md) through the parser, compiler and
// evaluator, and compares results with the expected typed values.
//
// Contract
// - Each case: bindings become declared variables (in file order) with the
//   given values; `disable_macros` and `container` are honoured; names are
//   resolved in unchecked mode (undeclared names are evaluation errors).
// - `expect: {error: true}` is met by any parse, compile or evaluation error.
// - Values must match exactly: same type (int vs uint vs double), deep for
//   lists and maps (map order ignored), NaN matches NaN.
// Shared by tools/cel-conformance/main.cpp and tests/cel/conformance_test.cpp
// (which compiles runner.cpp in), so it depends only on vigil_cel and
// nlohmann_json.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cel/value.h"
#include "core/result.h"

namespace vigil::conformance {

struct Summary {
  size_t passed = 0;
  size_t failed = 0;
  // One line per failure: "FAIL file/section/name: expr — expected X, got Y".
  std::vector<std::string> failures;
  // Every case seen ("file/section/name", "#2", "#3"... appended to a name the
  // data repeats) and the failed ones, with why.
  std::vector<std::string> case_ids;
  std::map<std::string, int> name_counts;
  std::map<std::string, std::string> failed_cases;
};

// Runs every case in the file at `path`, adding to `summary`. An error means
// the file could not be read or is not in the expected format.
Status run_file(const std::string& path, Summary& summary);

// Exact conformance equality (see the contract above).
bool same_value(const cel::Value& a, const cel::Value& b);

}  // namespace vigil::conformance
