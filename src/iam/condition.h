// Condition blocks: whether a statement's conditions hold for a request
// context, as AWS documents its condition operators.
//
// Contract (for one (operator, key) entry; a block holds when all do)
// - The policy values of one key are ORed; for a negated operator
//   (StringNotEquals, NotIpAddress, ArnNotLike ...) the key must match none.
// - A key absent from the context: a positive operator is false, a negated
//   one true, ...IfExists true, ForAllValues true, ForAnyValue false (true
//   with IfExists). Null: "true" holds when the key is absent, "false" when
//   present. A key present with no value counts as absent.
// - ForAllValues: every request value satisfies the operator (an empty set
//   too); ForAnyValue: at least one does. Without a qualifier, a multi-valued
//   key behaves as ForAnyValue for positive operators and ForAllValues for
//   negated ones (the key matches none of the values).
// - Policy variables (`variables`: Version 2012-10-17) are substituted in the
//   values of String* and Arn* operators; a value whose variable has no
//   value matches nothing.
// - A request value of the wrong type (not a number for Numeric*, not an
//   address for IpAddress) matches no policy value.
#pragma once

#include "iam/policy.h"
#include "iam/request.h"

namespace vigil::iam {

bool condition_holds(const Condition& condition, const Context& context, bool variables);
bool conditions_hold(const std::vector<Condition>& conditions, const Context& context,
                     bool variables);

}  // namespace vigil::iam
