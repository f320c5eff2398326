// Backend-neutral parts of store.h: status names and open_store's dispatch.
#include "store/store.h"

#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace vigil::store {

std::string_view to_string(ScanState s) {
  switch (s) {
    case ScanState::Running:
      return "running";
    case ScanState::Completed:
      return "completed";
    case ScanState::Failed:
      return "failed";
    case ScanState::Interrupted:
      return "interrupted";
  }
  return "unknown";
}

std::string_view to_string(ViolationStatus s) {
  switch (s) {
    case ViolationStatus::Open:
      return "open";
    case ViolationStatus::Exempted:
      return "exempted";
    case ViolationStatus::Closed:
      return "closed";
    case ViolationStatus::Unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<ViolationStatus> violation_status_from(std::string_view text) {
  for (ViolationStatus s : {ViolationStatus::Open, ViolationStatus::Exempted,
                            ViolationStatus::Closed, ViolationStatus::Unknown})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode) {
  if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0) {
    Error e;
    e.message = "store " + location.substr(0, location.find(':')) +
                ": the PostgreSQL backend is not available yet; use a SQLite file path "
                "(e.g. --db vigil.db or store: sqlite:vigil.db)";
    return e;
  }
  std::string path = location;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://path
  if (path.empty()) {
    Error e;
    e.message = "store: empty location; give a SQLite file path (e.g. vigil.db)";
    return e;
  }
  sqlite::SqliteOptions options;
  options.read_only = mode == OpenMode::ReadOnly;
  auto opened = sqlite::SqliteStore::open(path, options);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<Store>(std::move(opened).value());
}

}  // namespace vigil::store

namespace vigil::store {

namespace {
constexpr std::pair<FixState, std::string_view> kFixStates[] = {
    {FixState::Planned, "planned"},   {FixState::Executing, "executing"},
    {FixState::Executed, "executed"}, {FixState::Verified, "verified"},
    {FixState::Failed, "failed"},     {FixState::Undoing, "undoing"},
    {FixState::Undone, "undone"}};
}  // namespace

std::string_view to_string(FixState s) {
  for (const auto& [state, text] : kFixStates)
    if (state == s) return text;
  return "failed";
}

std::optional<FixState> fix_state_from(std::string_view text) {
  for (const auto& [state, name] : kFixStates)
    if (name == text) return state;
  return std::nullopt;
}

namespace {
constexpr std::pair<PlanState, std::string_view> kPlanStates[] = {
    {PlanState::Scheduled, "scheduled"},
    {PlanState::Running, "running"},
    {PlanState::AwaitingApproval, "awaiting-approval"},
    {PlanState::Suspended, "suspended"},
    {PlanState::Cancelled, "cancelled"},
    {PlanState::Applied, "applied"},
    {PlanState::Failed, "failed"},
    {PlanState::DryRun, "dry-run"}};

Error no_schedule(std::string_view operation) {
  return Error(fmt::format("{}: this store backend does not keep scheduled fixes yet", operation))
      .with_kind(Error::Kind::Unavailable);
}
}  // namespace

std::string_view to_string(PlanState s) {
  for (const auto& [state, text] : kPlanStates)
    if (state == s) return text;
  return "failed";
}

std::optional<PlanState> plan_state_from(std::string_view text) {
  for (const auto& [state, name] : kPlanStates)
    if (name == text) return state;
  return std::nullopt;
}

Result<int64_t> Store::add_scheduled_fix(const ScheduledFix&, const std::vector<OutboxMessage>&,
                                         const AuditEntry&) {
  return no_schedule("add_scheduled_fix");
}
Status Store::update_scheduled_fix(const ScheduledFix&, const std::vector<OutboxMessage>&,
                                   const AuditEntry&) {
  return no_schedule("update_scheduled_fix");
}
Result<std::vector<ScheduledFix>> Store::scheduled_fixes(const ScheduledFixFilter&) {
  return no_schedule("scheduled_fixes");
}

}  // namespace vigil::store
