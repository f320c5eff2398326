// Field names a policy reads that no asset of its resource type has: the
// warnings of `vigil policy validate` (docs/writing-policies.md).
//
// Contract
// - check_resource_fields walks the policy's lets (in order), condition and
//   message pieces, following what each expression is: `resource` is the
//   shape of the policy's type; a let is the shape of its expression;
//   `x.f`, `x.?f`, `has(x.f)` and `x["f"]` step into objects; `x[i]` into
//   lists and maps; the variables of all/exists/exists_one/map/filter are
//   the elements (lists) or keys (maps) of their range; `filter` keeps its
//   range's shape, `map` makes a list of its transform's; `orValue`,
//   `value` and `dyn` keep their operand's; `c ? a : b` is a when both
//   are the same, or the one that is not an empty literal (`[]`, `{}`, null)
//   or `unknown(...)`; `account()` is aws.account and
//   `assets("T")` a list of T. Anything else is not followed (no warning
//   can come from what is not known).
// - One warning (code "field.unknown", level Warning) per name that the
//   shape reached does not have: a member missing from a closed object, or
//   a field selected from a list or a scalar. It points at the name in the
//   file (file:line:col) and suggests the closest known member.
// - ShapeSource::shape_of(type) is the shape of an asset type, or null when
//   none is known (nothing is checked then); related_type(type, relation)
//   the type a relation names, or "" when not known.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "inventory/field_shape.h"
#include "policy/policy.h"

namespace vigil {

struct ShapeSource {
  std::function<const FieldShape*(std::string_view type)> shape_of;
  std::function<std::string(std::string_view type, std::string_view relation)> related_type;
};

std::vector<Diagnostic> check_resource_fields(const Policy& policy, const ShapeSource& shapes);

}  // namespace vigil
