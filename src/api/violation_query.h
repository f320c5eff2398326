// The query parameters shared by GET /api/v1/violations and its export:
// the filters (status, policy, asset, account, region, type, severity,
// category, group) and the order (sort, order) as a store::ViolationFilter.
//
// Contract: an unknown status or sort is an InvalidInput error naming the
// parameter (Error::subject); paging (limit, cursor) and the caller's group
// scope are left to the route.
#pragma once

#include "api/query.h"
#include "core/result.h"
#include "store/store.h"

namespace vigil::api {

Result<store::ViolationFilter> violation_filter_of(const Query& q);

}  // namespace vigil::api
