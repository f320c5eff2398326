// Tags where a catalog type's tags path points (capture_unit.cpp): a
// Key/Value list, a plain map, or an object of strings.
#pragma once

#include "connectors/aws/path.h"
#include "core/json_builder.h"

namespace vigil::aws {

// Adds the tags `v` holds to `tags` (an object): an array is walked; a
// {Key, Value} entry (or {key, value}) adds one tag; any other object adds
// its string members.
void add_tags(const PathValue& v, JsonTree& tags);

}  // namespace vigil::aws
