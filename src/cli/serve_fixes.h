// The fix routes' runner for `vigil serve` (api/routes.h ApiContext
// plan_fix and apply_fix): fix/runner.h with the deployment's pack and
// vigil.yaml `fixes:` (switch, mode, accounts, AWS access), on the store
// handle of the request.
#pragma once

#include "api/routes.h"
#include "daemon/config.h"
#include "policy/policy_set.h"

namespace vigil::cli {

// Sets context.plan_fix and context.apply_fix; `config` and `policies`
// must outlive the context.
void wire_fixes(api::ApiContext& context, const daemon::Config& config, const PolicySet& policies);

}  // namespace vigil::cli
