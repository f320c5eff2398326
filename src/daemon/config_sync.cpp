#include "daemon/config_sync.h"

#include <fmt/format.h>

#include <charconv>
#include <set>
#include <string_view>

#include "core/time_text.h"
#include "tracker/exceptions.h"
#include "tracker/groups.h"

namespace vigil::daemon {
namespace {

const char* kActor = "vigil.yaml";

bool same_exception(const store::ExceptionRecord& e, const StickyExceptionConfig& c) {
  auto close = [](Time a, Time b) { return (a > b ? a - b : b - a) < std::chrono::seconds(1); };
  return e.sticky && !e.revoked && e.policy_ids == c.policies && e.category == c.category &&
         e.severity == c.severity && e.group == c.group && e.condition == c.condition && e.reason == c.reason &&
         e.requested_by == c.requested_by && e.granted_by == c.granted_by && e.ticket == c.ticket &&
         close(e.expires, c.expires);
}

std::string place(const SourcePos& pos) { return fmt::format("{}:{}:{}", pos.file, pos.line, pos.column); }

// Config groups: put when new or changed.
Status put_groups(store::Store& store, const Config& config,
                  const std::vector<store::GroupRecord>& stored, Time now, SyncReport& report) {
  for (const GroupConfig& g : config.groups) {
    auto criteria = tracker::parse_group_criteria(g.name, g.criteria);
    if (!criteria.ok()) {
      ++report.errors;
      report.messages.push_back(fmt::format("group at {} refused: {}", place(g.pos), criteria.error().message));
      continue;
    }
    store::GroupRecord record{g.name, g.description, tracker::to_json(*criteria), "config"};
    bool unchanged = false;
    for (const auto& existing : stored)
      if (existing.name == g.name)
        unchanged = existing.origin == "config" && existing.description == g.description &&
                    existing.criteria == record.criteria;
    if (unchanged) continue;
    store::AuditEntry audit{0, now, kActor, "group.add", "group:" + g.name,
                            {{"criteria", record.criteria}, {"description", g.description}, {"origin", "config"}}};
    Status put = store.put_group(record, audit);
    if (!put.ok()) return put.error();
    ++report.groups_put;
    report.messages.push_back(fmt::format("group {} defined from {}", g.name, place(g.pos)));
  }
  return Status::Ok();
}

// Groups defined from the file that it no longer defines: deleted.
Status delete_removed_groups(store::Store& store, const Config& config,
                             const std::vector<store::GroupRecord>& stored, Time now,
                             SyncReport& report) {
  for (const auto& existing : stored) {
    if (existing.origin != "config") continue;
    bool kept = false;
    for (const GroupConfig& g : config.groups) kept |= g.name == existing.name;
    if (kept) continue;
    store::AuditEntry audit{0, now, kActor, "group.delete", "group:" + existing.name,
                            {{"why", "no longer in " + config.file}}};
    Status del = store.delete_group(existing.name, audit);
    if (!del.ok()) return del.error();
    ++report.groups_deleted;
    report.messages.push_back(fmt::format("group {} deleted: no longer in {}", existing.name, config.file));
  }
  return Status::Ok();
}

store::ExceptionRecord sticky_record(const StickyExceptionConfig& c) {
  store::ExceptionRecord e;
  e.sticky = true;
  e.policy_ids = c.policies;
  e.category = c.category;
  e.severity = c.severity;
  e.group = c.group;
  e.condition = c.condition;
  e.reason = c.reason;
  e.requested_by = c.requested_by;
  e.granted_by = c.granted_by;
  e.ticket = c.ticket;
  e.expires = c.expires;
  return e;
}

// Sticky exceptions the file declares and the store does not hold: granted
// (unless already expired).
Status grant_declared_exceptions(store::Store& store, const Config& config, Time now,
                                 SyncReport& report) {
  auto exceptions = store.exceptions(true, now);
  if (!exceptions.ok()) return exceptions.error();
  tracker::ExceptionOptions options;
  options.max_duration = config.exception_max_duration;
  for (const StickyExceptionConfig& c : config.exceptions) {
    bool present = false;
    for (const auto& e : *exceptions) present |= same_exception(e, c);
    if (present) continue;
    if (c.expires <= now) {
      report.messages.push_back(
          fmt::format("sticky exception at {} expired on {}: not granted", place(c.pos), format_time(c.expires)));
      continue;
    }
    auto id = tracker::grant_exception(store, sticky_record(c), now, kActor, options);
    if (!id.ok()) {
      ++report.errors;
      report.messages.push_back(fmt::format("sticky exception at {} refused: {}", place(c.pos), id.error().message));
      continue;
    }
    ++report.exceptions_granted;
    report.messages.push_back(fmt::format("sticky exception at {} granted as exception {}", place(c.pos), *id));
  }
  return Status::Ok();
}

// The ids of the exceptions granted from the file (audited by kActor).
Result<std::set<int64_t>> granted_from_file(store::Store& store) {
  auto log = store.audit_log({0});
  if (!log.ok()) return log.error();
  std::set<int64_t> from_file;
  for (const store::AuditEntry& a : *log) {
    std::string_view object = a.object, prefix = "exception:";
    int64_t id = 0;
    if (a.action != "exception.grant" || a.actor != kActor || object.substr(0, prefix.size()) != prefix) continue;
    object.remove_prefix(prefix.size());
    if (std::from_chars(object.data(), object.data() + object.size(), id).ec == std::errc()) from_file.insert(id);
  }
  return from_file;
}

// Active exceptions granted from the file that no entry declares any more
// (removed or edited): revoked, as config groups are deleted; their
// violations move to another covering exception or reopen
// (tracker::revoke_exception).
Status revoke_undeclared_exceptions(store::Store& store, const Config& config, Time now,
                                    SyncReport& report) {
  Result<std::set<int64_t>> from_file = granted_from_file(store);
  if (!from_file.ok()) return from_file.error();
  auto active = store.exceptions(false, now);
  if (!active.ok()) return active.error();
  for (const store::ExceptionRecord& e : *active) {
    if (!from_file->count(e.id)) continue;
    bool declared = false;
    for (const StickyExceptionConfig& c : config.exceptions) declared |= same_exception(e, c);
    if (declared) continue;
    auto revoked = tracker::revoke_exception(store, e.id, now, kActor, "no longer in " + config.file);
    if (!revoked.ok()) return revoked.error();
    ++report.exceptions_revoked;
    report.messages.push_back(fmt::format(
        "sticky exception {} revoked: no longer in {} ({} violations re-opened, {} still exempted by another)", e.id,
        config.file, revoked->reopened, revoked->moved));
  }
  return Status::Ok();
}

}  // namespace

Result<SyncReport> sync_config(store::Store& store, const Config& config, Time now) {
  SyncReport report;
  auto groups = store.groups();
  if (!groups.ok()) return groups.error();
  if (Status s = put_groups(store, config, *groups, now, report); !s.ok()) return s.error();
  if (Status s = delete_removed_groups(store, config, *groups, now, report); !s.ok())
    return s.error();
  if (Status s = grant_declared_exceptions(store, config, now, report); !s.ok()) return s.error();
  if (Status s = revoke_undeclared_exceptions(store, config, now, report); !s.ok())
    return s.error();
  return report;
}

}  // namespace vigil::daemon
