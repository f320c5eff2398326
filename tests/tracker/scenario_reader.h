// Reads a scenario file of tests/tracker/scenarios/ (format: the README
// there) into Scenarios (scenario.h).
//
// A file is a YAML stream: an optional first document of settings shared
// by its scenarios (policies, templates, start), then one scenario per
// document (`scenario: name`, and `steps`).
//
// Contract
// - Ok with every scenario of the file, in order, or the first problem as an
//   Error naming the file and the 1-based line (unknown keys, values of the
//   wrong form, a template or exception or policy that is not defined, a
//   policy or asset that does not load, time going backwards).
// - Reading has no side effect; the store is not touched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "scenario.h"

namespace vigil::tracker::scenario {

Result<std::vector<Scenario>> read_scenario_file(const std::string& path);
Result<std::vector<Scenario>> read_scenario_text(std::string_view text, const std::string& file);

}  // namespace vigil::tracker::scenario
