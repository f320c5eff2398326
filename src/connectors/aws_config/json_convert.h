// Turning AWS Config's camelCase JSON into the AWS API's PascalCase shape.
//
// AWS Config records most resources as the service's Describe/Get output
// with every member name in camelCase ("ipPermissions", "fromPort"). The
// capture normalizer keeps the API shape ("IpPermissions", "FromPort"), so
// policies are written against PascalCase. The conversion is:
//   - every object key gets its first letter upper-cased (the generic rule:
//     "dBInstanceArn" -> "DBInstanceArn", "trailARN" -> "TrailARN");
//   - a per-type rename table overrides it where Config's name differs
//     from the API's ("ipv4Ranges" -> "IpRanges", "sseAlgorithm" ->
//     "SSEAlgorithm"); a rename to "" drops the member (Config's duplicate
//     "ipRanges" list of bare CIDR strings);
//   - null members are dropped (Config writes null for what the API omits);
//   - members named in `verbatim` keep their value's keys as they are (data
//     maps such as Lambda environment variables).
// Nothing else changes: values, arrays and member order are kept.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_builder.h"

namespace vigil::aws_config {

struct KeyRename {
  std::string_view from;  // Config's camelCase name, at any depth
  std::string_view to;    // the API's name; "" drops the member
};

struct ConvertOptions {
  std::vector<KeyRename> renames = {};
  std::vector<std::string_view> verbatim = {};  // Config member names whose object keys are data
};

// "fromPort" -> "FromPort"; already-capitalised names are unchanged.
std::string pascal_key(std::string_view key);

// The converted, owned copy of `e`.
JsonTree to_api_shape(simdjson::dom::element e, const ConvertOptions& options);

// The same conversion of an owned tree (a decoded JSON string).
JsonTree to_api_shape(const JsonTree& tree, const ConvertOptions& options);

// An owned copy of `e` with keys unchanged (nulls kept).
JsonTree copy_json(simdjson::dom::element e);

// Parses `text` as JSON into an owned tree; nullopt when it is not JSON.
std::optional<JsonTree> parse_json_text(std::string_view text);

// A node of an owned tree as a string, when it is one.
std::optional<std::string_view> tree_string(const JsonTree* node);

// A node of an owned tree as a bool, when it is one.
std::optional<bool> tree_bool(const JsonTree* node);

// Sets `value` at a dotted member path of `root` ("TopicAttributes.Attributes.X"),
// creating missing parents as objects. False (nothing set) when a parent is not an
// object, e.g. already unavailable: the part is covered by it.
bool set_at_path(JsonTree& root, std::string_view path, JsonTree value);

// The unavailable node a catalog path ("Domain.DomainStatus.VPCOptions.VPCId",
// "Groups[].GroupId") runs into, with the path up to it; {"", null} when none.
// Only the member chain before the first array is looked at.
std::pair<std::string_view, const JsonTree*> unavailable_on_path(JsonTree& root,
                                                                 std::string_view path);

}  // namespace vigil::aws_config
