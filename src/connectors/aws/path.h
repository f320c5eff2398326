// Field paths into API outputs and assembled assets (catalog.h "Path syntax"):
// "Reservations[].Instances[]", "IamInstanceProfile.Arn",
// "TagDescriptions[].Tags[]". A segment "Name[]" selects the member and
// iterates its array; a path that does not resolve yields nothing.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/json_builder.h"

namespace vigil::aws {

// One value found by a path: either a node of a JsonTree or a borrowed
// simdjson element (valid while its document lives).
struct PathValue {
  const JsonTree* tree = nullptr;
  simdjson::dom::element element;

  bool is_object() const;
  bool is_array() const;
  // The string, when the value is a string.
  std::optional<std::string_view> string() const;
  // Member of an object value (invalid PathValue -> nullopt).
  std::optional<PathValue> member(std::string_view key) const;
  // Elements of an array value.
  void elements(std::vector<PathValue>& out) const;
  // An owned or borrowed tree node holding this value.
  JsonTree to_tree() const;
};

void select(simdjson::dom::element root, std::string_view path, std::vector<PathValue>& out);
void select(const JsonTree& root, std::string_view path, std::vector<PathValue>& out);
// All strings the path reaches (non-strings skipped).
std::vector<std::string_view> select_strings(const JsonTree& root, std::string_view path);
// The first string the path reaches, or "".
std::string_view first_string(const JsonTree& root, std::string_view path);

// Calls `fn` on every node of `root` the path reaches, expanding borrowed
// elements on the way so the node can be replaced in place.
void update(JsonTree& root, std::string_view path, const std::function<void(JsonTree&)>& fn);

}  // namespace vigil::aws
