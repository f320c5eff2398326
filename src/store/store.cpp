// Backend-neutral parts of store.h: status names and open_store's dispatch
// (postgresql:// and postgres:// URLs to the PostgreSQL store, anything else
// to a SQLite file).
#include "store/store.h"

#include "store/postgres/pg_store.h"
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

std::optional<ScanState> scan_state_from(std::string_view text) {
  for (ScanState s :
       {ScanState::Running, ScanState::Completed, ScanState::Failed, ScanState::Interrupted})
    if (to_string(s) == text) return s;
  return std::nullopt;
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

std::string_view to_string(ViolationSort s) {
  switch (s) {
    case ViolationSort::Id:
      return "id";
    case ViolationSort::Severity:
      return "severity";
    case ViolationSort::FirstSeen:
      return "first_seen";
    case ViolationSort::LastChange:
      return "last_change";
  }
  return "id";
}

std::optional<ViolationSort> violation_sort_from(std::string_view text) {
  for (ViolationSort s : {ViolationSort::Id, ViolationSort::Severity, ViolationSort::FirstSeen,
                          ViolationSort::LastChange})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

int severity_rank(std::string_view severity) {
  if (severity == "critical") return 4;
  if (severity == "high") return 3;
  if (severity == "medium") return 2;
  if (severity == "low") return 1;
  if (severity == "info") return 0;
  return -1;
}

int64_t violation_sort_value(const Violation& v, ViolationSort sort) {
  auto ms = [](Time t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  };
  switch (sort) {
    case ViolationSort::Id:
      return v.id;
    case ViolationSort::Severity:
      return severity_rank(v.severity);
    case ViolationSort::FirstSeen:
      return ms(v.first_seen);
    case ViolationSort::LastChange:
      return ms(v.last_change);
  }
  return v.id;
}

Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode) {
  if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0) {
    postgres::PgOptions options;
    options.read_only = mode == OpenMode::ReadOnly;
    auto opened = postgres::PgStore::open(location, options);
    if (!opened.ok()) return opened.error();
    return std::unique_ptr<Store>(std::move(opened).value());
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

}  // namespace vigil::store
