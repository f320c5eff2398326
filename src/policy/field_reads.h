// The fields of its asset a policy's condition reads: what the dashboard's
// configuration viewer highlights beside a finding (GET /api/v1/assets/{key},
// GET /api/v1/policies/{id}).
//
// Contract
// - resource_reads walks the parsed (macro-expanded) condition and, through
//   the identifiers it uses, the lets it depends on (directly or through
//   other lets; a let the condition never uses adds nothing). The message
//   template is not walked: it explains a finding, it does not decide it.
// - A path is the asset JSON's (the store's content, as the API's `config`
//   member of an asset shows it), from its root, in the notation of the
//   field diffs (inventory/field_diff.h): `config.BucketAcl.Grants`,
//   `tags.env`, `config["aws:SourceIp"]`, `config.Rules[0]`, and `[*]` for
//   any element of a list or any member of a map.
// - Followed: member selection `x.f`, optional selection `x.?f`, `has(x.f)`,
//   indexing `x["f"]`, `x[?"f"]` and `x[0]` with constant keys, indexing with
//   a variable over constant strings (`["A", "B"].filter(s, x[?s] ...)` reads
//   x.A and x.B), any other index as `[*]`; the variables of all, exists,
//   exists_one, map and filter (and two-variable comprehensions) as the
//   elements of their range (`r.Grants.exists(g, g.Permission == "x")` reads
//   `config.Grants[*].Permission`), `filter` keeping its range and `map`
//   making a list of its transform's values; cel.bind variables; lets;
//   `orValue`, `value`, `or`, `dyn`, `optional.of`, `c ? a : b` (both) and
//   list literals and concatenations; `related("r")` reads
//   `relationships.r`. Other assets (`account()`, `assets()`, `related()`'s
//   results) are not this asset's fields and are not listed.
// - A whole value handed to a function (`aws_policy_public(x.Policy)`, `size(x.L)`)
//   is a read of its path. Paths that are a prefix of another listed path
//   are dropped (`config.Grants` when `config.Grants[*].Permission` is
//   listed): a viewer shows a read field's ancestors anyway. The root itself
//   (the whole asset passed on) is not listed.
// - The result is sorted and without duplicates; a condition or let that
//   does not parse contributes nothing (the loader reports it).
#pragma once

#include <string>
#include <vector>

#include "policy/policy.h"

namespace vigil {

std::vector<std::string> resource_reads(const Policy& policy);

}  // namespace vigil
