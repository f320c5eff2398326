// Private to fix/: the notices of AutoFix plans (autofix.h) as outbox rows
// (notify/outbox_rows.h), each keyed
// "autofix:<violation id>:<plan created ms>:<event>" so that storing it
// twice sends it once: warning, reminder:<seconds>s, awaiting, suspended,
// applied, failed. The change told is the plan's exact calls
// (action.h describe), one per line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fix/autofix.h"
#include "notify/templates.h"
#include "store/store.h"

namespace vigil::fix::detail {

std::string notice_key(const store::ScheduledFix& plan, std::string_view event);

// What a message about `plan` says: the violation, the policy, the change.
notify::FixItem fix_item(const AutofixContext& ctx, const store::ScheduledFix& plan,
                         const store::Violation& violation);

// The rows of `message` (its key set from `event`) to the plan's
// recipients and every webhook; none when no channel is configured.
std::vector<store::OutboxMessage> notice_rows(const AutofixContext& ctx,
                                              const store::ScheduledFix& plan,
                                              notify::Message message, std::string_view event,
                                              store::Time now);

}  // namespace vigil::fix::detail
