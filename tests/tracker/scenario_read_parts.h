// Parts of reading a scenario shared by scenario_reader.cpp (steps) and
// scenario_read_expect.cpp (expect blocks). Internal to the reader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "scenario.h"
#include "scenario_yaml.h"

namespace vigil::tracker::scenario {

// What an `expect` block may refer to at its place in the scenario.
struct ExpectContext {
  store::Time start{};               // day 0
  store::Time now{};                 // the clock at the block
  int scans = 0;                     // scan steps before the block
  bool revoked = false;              // a revoke step before the block
  std::set<std::string> exceptions;  // names granted before the block
};

// "account/region/type" -> `value`: ok, failed, or {ok, error, assets}.
ScopeSpec read_scope(NodeReader& r, const YAML::Node& key, const YAML::Node& value);

Expect read_expect(NodeReader& r, const YAML::Node& node, const ExpectContext& context);

}  // namespace vigil::tracker::scenario
