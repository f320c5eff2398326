// The periodic digest (docs/notifications.md): the open violations of each
// owner and of each asset group with owners, every `Settings::digest_every`
// (off when zero).
//
// Contract
// - Periods start on Mondays 00:00 UTC (1970-01-05 plus whole periods); a
//   period's digests are enqueued by the first call inside it, once:
//     digest:<period start ms>:owner:<addresses>/email
//     digest:<period start ms>:group:<name>/<channel>
//   so a restart or a second `vigil serve` enqueues nothing new.
// - Owners as for opened violations (owners.h: the asset's tags, its
//   groups' owners, the fallback), from the asset's latest stored version;
//   owner digests are e-mailed only, and not to owners found through a
//   group (they get the group's digest). Each group with owners
//   (`owners.groups`) gets its members' open violations, e-mailed to the
//   group's owners and sent to every webhook.
// - Open means status open: unknown and exempted findings are not listed.
//   Nobody with nothing open gets a digest.
#pragma once

#include "core/result.h"
#include "notify/settings.h"
#include "store/store.h"

namespace vigil::notify {

// The start of the digest period holding `now`.
store::Time digest_period_start(store::Time now, Seconds every);

// Enqueues the period's digests unless already stored; returns how many
// rows were new.
Result<size_t> enqueue_digests(store::Store& store, store::Time now, const Settings& settings);

}  // namespace vigil::notify
