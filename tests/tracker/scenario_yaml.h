// Reading scenario YAML (scenario.h): a node reader that keeps the first
// problem with its file and line, YAML -> JSON for assets and policies, and
// the time forms scenarios write.
//
// Contract
// - NodeReader never throws: the first problem is kept (later ones are
//   dropped, reading goes on with empty values) and returned by error() as
//   an Error naming the file and the 1-based line.
// - Maps are read strictly: keys() names every key allowed, so a misspelled
//   key is an error rather than an expectation silently not checked.
// - to_json resolves plain scalars with the YAML 1.2 core schema (null,
//   true/false, integers, floats); quoted scalars are strings.
// - Times: "day N" (N days after the scenario's start), "day N +6h" (any
//   span), RFC 3339 ("2026-11-26T06:00:00Z") or a date ("2026-11-26",
//   midnight UTC). Spans: a number and a unit (s, m, h, d, w) or a sum of
//   them ("1d 6h", "1h30m").
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/store.h"

namespace vigil::tracker::scenario {

class NodeReader {
 public:
  explicit NodeReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  bool ok() const { return !error_; }
  const std::optional<Error>& error() const { return error_; }
  // Keeps the first problem; `at` gives the line.
  void fail(const YAML::Node& at, const std::string& message);
  void fail_at(int line, const std::string& message);
  static int line(const YAML::Node& node);  // 1-based; 0 when unknown

  // `node` is a map whose keys are all among `known` (else a problem naming
  // the key and the known ones). False when it is not a map.
  bool keys(const YAML::Node& node, std::string_view what,
            std::initializer_list<std::string_view> known);
  bool is_map(const YAML::Node& node, std::string_view what);
  // A scalar as text; "" and a problem when it is not one.
  std::string text(const YAML::Node& node, std::string_view what);
  uint64_t count(const YAML::Node& node, std::string_view what);
  double number(const YAML::Node& node, std::string_view what);
  bool boolean(const YAML::Node& node, std::string_view what);
  // A scalar, or a sequence of scalars.
  std::vector<std::string> texts(const YAML::Node& node, std::string_view what);
  nlohmann::json json(const YAML::Node& node, std::string_view what);
  store::Time when(const YAML::Node& node, store::Time start, std::string_view what);
  store::ViolationStatus status(const YAML::Node& node, std::string_view what);

 private:
  std::string file_;
  std::optional<Error> error_;
};

// YAML -> JSON (see Contract); error at the offending node.
Result<nlohmann::json> to_json(const YAML::Node& node);

// "day 2 +6h", RFC 3339 or a date; `start` is day 0.
std::optional<store::Time> parse_when(std::string_view text, store::Time start);
// "1d 6h", "90m", "2w".
std::optional<std::chrono::seconds> parse_span(std::string_view text);
// "day 2 +6h" (relative to `start`) and the RFC 3339 instant.
std::string format_when(store::Time t, store::Time start);
// "2026-11-26": the UTC day of `t`.
std::string day_of(store::Time t);

}  // namespace vigil::tracker::scenario
