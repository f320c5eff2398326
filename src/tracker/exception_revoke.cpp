// revoke_exception (exceptions.h): revoke, and move each violation the
// exception exempted to another active exception that covers it, or back
// to open, in the store transaction of the revoke.
//
// Matching reuses ExceptionIndex (the scan's own matcher), fed with what
// the store knows outside a scan: every exception with the revoked one
// marked revoked, the stored members of the groups sticky exceptions name,
// and the affected assets' last stored contents.
#include <fmt/format.h>

#include <map>
#include <set>

#include "tracker/exceptions.h"

namespace vigil::tracker {

namespace {

// The last stored content of each asset (not deleted) as one inventory. It
// is not all the assets of any type: its coverage is empty, so a condition
// asking for assets(...) cannot be answered (and matches nothing).
Result<Inventory> affected_assets(store::Store& store, const std::set<std::string>& ids) {
  Inventory inventory;
  for (const std::string& id : ids) {
    Result<std::vector<store::AssetVersion>> history = store.asset_history(id);
    if (!history.ok()) return history.error();
    if (history->empty()) continue;
    Result<Asset> asset = Asset::parse(history->back().content);
    if (!asset.ok()) continue;  // unreadable content: matched by nothing, as in a scan
    if (Status added = inventory.add(std::move(asset).value()); !added.ok()) return added.error();
  }
  inventory.finalize();
  inventory.set_coverage(Coverage({}));
  return inventory;
}

// The violations exception `id` exempts now.
Result<std::vector<store::Violation>> exempted_by(store::Store& store, int64_t id) {
  std::vector<store::Violation> exempted;
  store::ViolationFilter filter;
  filter.statuses = {store::ViolationStatus::Exempted};
  Status listed = store.for_each_violation(filter, [&](const store::Violation& v) {
    if (v.exception_id == id) exempted.push_back(v);
    return true;
  });
  if (!listed.ok()) return listed.error();
  return exempted;
}

// Group members as of the last scan, for the groups active sticky
// exceptions name (`all` has the revoked one marked revoked). The
// membership's ids are views into `member_ids`, which the caller keeps
// alive as long as the membership (they used to point into a local of this
// function: a revoked exception's violations then saw no group member and
// were reopened instead of moving to the sticky exception that covers them).
Result<GroupMembership> sticky_group_members(
    store::Store& store, const std::vector<store::ExceptionRecord>& all, store::Time now,
    std::map<std::string, std::vector<std::string>>& member_ids) {
  for (const store::ExceptionRecord& e : all) {
    if (e.sticky && !e.revoked && now < e.expires && !e.group.empty() &&
        !member_ids.count(e.group)) {
      Result<std::vector<std::string>> members = store.group_members(e.group);
      if (!members.ok()) return members.error();
      member_ids[e.group] = std::move(members).value();
    }
  }
  std::vector<store::GroupRecord> defined;
  if (!member_ids.empty()) {
    Result<std::vector<store::GroupRecord>> groups = store.groups();
    if (!groups.ok()) return groups.error();
    defined = std::move(groups).value();
  }
  GroupMembership membership;
  for (const store::GroupRecord& g : defined) {
    auto it = member_ids.find(g.name);
    if (it == member_ids.end()) continue;
    auto& set = membership[g.name];
    for (const std::string& m : it->second) set.insert(m);
  }
  return membership;
}

// Violation `v` moved to another exception that covers it, or reopened.
store::ViolationUpdate move_or_reopen(const store::Violation& v, const ExceptionIndex& index,
                                      const Inventory& assets, RevokeSummary& summary) {
  const Asset* asset = assets.find(v.asset.id);
  std::optional<int64_t> other;
  if (asset)
    other = index.covering(ExceptionIndex::PolicyTraits{v.policy_id, v.category, v.severity},
                           *asset, &assets, std::nullopt);
  store::ViolationUpdate u;
  u.id = v.id;
  u.message = v.message;
  u.severity = v.severity;
  if (other) {
    u.to = store::ViolationStatus::Exempted;
    u.reason = "exempted";
    u.exception_id = other;
    ++summary.moved;
  } else {
    u.to = store::ViolationStatus::Open;
    u.reason = "exception-revoked";
    ++summary.reopened;
  }
  return u;
}

// Where each violation exception `id` exempted goes once it is revoked.
Result<std::vector<store::ViolationUpdate>> updates_after_revoke(
    store::Store& store, int64_t id, store::Time now, const std::vector<store::Violation>& exempted,
    RevokeSummary& summary) {
  std::vector<store::ViolationUpdate> updates;
  Result<std::vector<store::ExceptionRecord>> all = store.exceptions(true, now);
  if (!all.ok()) return all.error();
  for (store::ExceptionRecord& e : *all)
    if (e.id == id) e.revoked = now;
  std::map<std::string, std::vector<std::string>> member_ids;  // what membership's views see
  Result<GroupMembership> membership = sticky_group_members(store, *all, now, member_ids);
  if (!membership.ok()) return membership.error();
  std::set<std::string> asset_ids;
  for (const store::Violation& v : exempted) asset_ids.insert(v.asset.id);
  Result<Inventory> assets = affected_assets(store, asset_ids);
  if (!assets.ok()) return assets.error();
  ExceptionIndex index = ExceptionIndex::build(std::move(all).value(), now, &*membership);
  for (const store::Violation& v : exempted)
    updates.push_back(move_or_reopen(v, index, *assets, summary));
  return updates;
}

store::AuditEntry revoke_audit(int64_t id, const store::ExceptionRecord& revoked, store::Time now,
                               const std::string& actor, const std::string& reason,
                               const RevokeSummary& summary) {
  store::AuditEntry audit;
  audit.at = now;
  audit.actor = actor;
  audit.action = "exception.revoke";
  audit.object = fmt::format("exception:{}", id);
  audit.details = {{"what", describe_exception(revoked)},
                   {"reason", reason},
                   {"reopened", summary.reopened},
                   {"moved_to_other_exceptions", summary.moved}};
  return audit;
}

}  // namespace

Result<RevokeSummary> revoke_exception(store::Store& store, int64_t id, store::Time now,
                                       const std::string& actor, const std::string& reason) {
  Result<std::optional<store::ExceptionRecord>> found = store.exception(id);
  if (!found.ok()) return found.error();
  if (!found.value())
    return Error::at_offset(fmt::format("exception {}: no such exception", id), 0);
  if (found.value()->revoked)
    return Error::at_offset(fmt::format("exception {}: already revoked", id), 0);
  // The violations it exempts are read, then moved: no scan may record in
  // between (it could close one that this would then reopen).
  if (Status locked = store.acquire_writer(std::chrono::seconds(30)); !locked.ok())
    return locked.error();
  store::WriterRelease release(store);

  Result<std::vector<store::Violation>> exempted = exempted_by(store, id);
  if (!exempted.ok()) return exempted.error();
  RevokeSummary summary;
  std::vector<store::ViolationUpdate> updates;
  if (!exempted->empty()) {
    Result<std::vector<store::ViolationUpdate>> moved =
        updates_after_revoke(store, id, now, *exempted, summary);
    if (!moved.ok()) return moved.error();
    updates = std::move(moved).value();
  }
  store::AuditEntry audit = revoke_audit(id, *found.value(), now, actor, reason, summary);
  Status revoked = store.revoke_exception(id, now, actor, reason, audit, updates);
  if (!revoked.ok()) return revoked.error();
  return summary;
}

}  // namespace vigil::tracker
