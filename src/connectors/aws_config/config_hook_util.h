// Helpers shared by the AWS Config hooks (config_hooks_*.cpp): reaching and
// moving members, the API's all-string attribute maps, Config's epoch times
// as the AWS CLI prints times, and members Config does not record.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

// The node at a dotted member path of `root` ("Domain.DomainStatus"; "" is
// `root` itself), or null when a member is missing.
JsonTree* node_at(JsonTree& root, std::string_view path);

// Moves member `from` of `source`, when present, to the end of `target` as
// `to` (the same name when empty). True when it was there.
bool move_member(JsonTree& source, std::string_view from, JsonTree& target,
                 std::string_view to = {});

// Each of `members` absent from the object at `path` of the config ("" is the
// config itself) becomes the unavailable part `path.member` (NotInAwsConfig,
// explained by `why`). A member the item does hold is left as it is, so a
// later Config version that records it is used.
void unavailable_unless_present(ConfigContext& c, std::string_view path,
                                std::initializer_list<std::string_view> members,
                                std::string_view why);

// An attribute map as GetQueueAttributes / GetTopicAttributes print it, every
// value a string: Config writes some as numbers or booleans (345600.0 ->
// "345600", 0.5 -> "0.5", true -> "true"). Strings, objects and arrays are
// kept, nulls dropped.
JsonTree string_attributes(const JsonTree& map);

// A time as the AWS CLI prints it: a string is kept; a number (Config's epoch
// milliseconds, or epoch seconds when below 1e11) becomes ISO 8601 UTC
// ("2026-01-01T00:00:00Z", milliseconds kept when not zero). Null: no-op.
void iso_time(JsonTree* node);

// The item's tags map as a list of {Key, Value}.
JsonTree key_value_tags(const JsonTree& tags);

// {}, [] or "": how Config writes "none" for some JSON properties (an ECR
// repository without a policy has "RepositoryPolicyText": {}).
bool is_empty_value(const JsonTree& node);

}  // namespace vigil::aws_config
