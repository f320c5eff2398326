// record_scan (tracker.h): diff one scan against the stored state and hand
// the Store only the changes, in one apply_scan().
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <map>

#include "engine/scan.h"
#include "tracker/content_hash.h"
#include "tracker/groups.h"
#include "tracker/reconcile.h"
#include "tracker/reconcile_groups.h"
#include "tracker/violation_diff.h"

namespace vigil::tracker {

using store::ViolationStatus;
using namespace detail;

namespace {

struct AssetVersionRef {
  uint32_t inventory = 0;
  uint64_t hash = 0;
};

void fill_identity(const Asset& a, store::AssetIdentity& out) {
  out.id.assign(a.id);
  out.type.assign(a.type);
  out.account.assign(a.account);
  out.region.assign(a.region);
  out.name.assign(a.name);
}

int64_t epoch_ms(store::Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// When the run began, when the caller did not say: now less the collection
// and assessment it timed.
store::Time run_start_of(const nlohmann::json& timings) {
  double before = 0;
  for (const char* step : {"collect_s", "assess_s"})
    if (timings.is_object() && timings.contains(step) && timings[step].is_number())
      before += timings[step].get<double>();
  return std::chrono::time_point_cast<store::Time::duration>(std::chrono::system_clock::now() -
                                                             std::chrono::duration<double>(before));
}

std::optional<store::Time> previous_scan_start(store::Store& store, int64_t scan_id) {
  Result<std::vector<store::ScanRecord>> scans = store.list_scans({50});
  if (!scans.ok()) return std::nullopt;
  for (const store::ScanRecord& s : scans.value())
    if (s.id != scan_id && s.state == store::ScanState::Completed) return s.started;
  return std::nullopt;
}

std::string iso_time(store::Time t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

// Time never runs backwards in a store: a scan observed before the latest
// recorded one would stamp first-seen times in the past of later events
// and judge exceptions at a time already judged.
Status check_time_moves_forward(store::Store& store, store::Time now) {
  Result<std::optional<store::ScanRecord>> latest = store.latest_completed_scan();
  if (!latest.ok()) return latest.error();
  if (*latest && now < (*latest)->started)
    return Error(fmt::format(
        "its observation time {} is before the store's latest scan ({}, observed {}); a store's "
        "state moves forward only: record older data in another store",
        iso_time(now), (*latest)->id, iso_time((*latest)->started)));
  return Status::Ok();
}

// The scan's source (ScanRecord::source, given to begin_scan) owns what
// this scan writes.
Result<std::string> source_of_scan(store::Store& store, int64_t scan_id) {
  Result<std::optional<store::ScanRecord>> scan = store.get_scan(scan_id);
  if (!scan.ok()) return scan.error();
  if (!scan->has_value()) return Error("no such scan in the store");
  return std::move((*scan)->source);
}

store::ScanChanges start_changes(int64_t scan_id, const CollectedScopes& scopes,
                                 const RecordOptions& options, store::Time run_started) {
  store::ScanChanges ch;
  ch.scan_id = scan_id;
  ch.state = store::ScanState::Completed;
  ch.scopes = scopes.scopes;
  ch.timings = options.timings.is_object() ? options.timings : nlohmann::json::object();
  ch.timings["run_started_ms"] = epoch_ms(run_started);
  return ch;
}

// The inventory's assets against the stored ones.
struct AssetDiff {
  std::vector<uint32_t> row_of;  // inventory index -> asset row; kNone: not this scan's to store
  std::vector<bool> foreign;     // inventory index -> another source's asset
  std::map<std::string, std::pair<size_t, std::string_view>> left_to;  // owner -> (assets, e.g.)
  std::vector<AssetVersionRef> versions;  // written through ScanChanges::more_asset_versions
};

// Assets: new content -> a version. Only the assets this scan's source owns
// (Reconciler::owned): an asset of another source is left to it, with its
// violations.
AssetDiff diff_assets(Reconciler& r, const Inventory& inventory, store::ScanChanges& ch,
                      RecordSummary& sum) {
  AssetDiff d;
  d.row_of.assign(inventory.size(), kNone);
  d.foreign.assign(inventory.size(), false);
  for (size_t i = 0; i < inventory.size(); ++i) {
    const Asset& a = inventory.at(i);
    if (is_placeholder_asset(a.id)) continue;
    uint32_t scope = r.asset_scope(a.account, a.region, a.type);
    uint32_t row = r.asset_index(a.id);
    if (row == kNone) row = r.add_asset(a.id, scope);
    AssetRow& ar = r.assets[row];
    if (!r.owned(ar)) {
      d.foreign[i] = true;
      auto& [count, example] = d.left_to[r.owners[ar.owner]];
      if (count++ == 0) example = a.id;
      continue;
    }
    ar.inventory = uint32_t(i);
    d.row_of[i] = row;
    ++ch.assets;
    uint64_t h = asset_content_hash(a.doc);
    if (ar.stored && !ar.deleted && ar.hash == h) continue;
    if (!ar.stored || ar.deleted)
      ++sum.assets_created;
    else
      ++sum.assets_changed;
    d.versions.push_back(AssetVersionRef{uint32_t(i), h});
  }
  return d;
}

void warn_of_other_sources_assets(const AssetDiff& d, RecordSummary& sum) {
  for (const auto& [owner, seen] : d.left_to)
    sum.warnings.push_back(fmt::format(
        "{} asset{} this scan saw belong{} to source '{}' (e.g. {}) and {} left to it: two sources "
        "cover the same resources; give each account and region to one source (docs/store.md, "
        "\"What a scan may change\")",
        seen.first, seen.first == 1 ? "" : "s", seen.first == 1 ? "s" : "", owner, seen.second,
        seen.first == 1 ? "was" : "were"));
}

// Assets gone from an ok scope -> deleted (only the source's own).
void delete_vanished_assets(const Reconciler& r, store::ScanChanges& ch, RecordSummary& sum) {
  for (const AssetRow& ar : r.assets)
    if (ar.stored && !ar.deleted && ar.inventory == kNone && r.scopes[ar.scope].ok && r.owned(ar)) {
      ch.deleted_assets.emplace_back(ar.id);
      ++sum.assets_deleted;
    }
}

// Scoring metadata of the set's policies; fills `policy_of` (CompiledPolicy
// address -> policy row).
std::vector<PolicyMeta> policy_meta(const Reconciler& r, FlatMap64& policy_of) {
  std::vector<PolicyMeta> meta;
  for (uint32_t i = 0; i < r.policy_rows.size(); ++i) {
    const PolicyRow& p = r.policy_rows[i];
    if (!p.policy) break;  // rows after the set's are policies known only from the store
    meta.push_back(PolicyMeta{p.id, std::string(to_string(p.policy->policy.category)),
                              std::string(to_string(p.policy->policy.severity))});
    policy_of.put(reinterpret_cast<uintptr_t>(p.policy), i);
  }
  return meta;
}

void count_outcome(Outcome outcome, store::ScanChanges& ch) {
  switch (outcome) {
    case Outcome::Violation:
      ++ch.violations;
      break;
    case Outcome::Compliant:
      ++ch.compliant;
      break;
    case Outcome::Exempted:
      ++ch.exempted;
      break;
    case Outcome::Unknown:
      ++ch.unknown;
      break;
  }
}

// Findings, in inventory order: each one's violation transition, counts and
// score.
Status diff_findings(const ScanResult& result, const Inventory& inventory, const AssetDiff& assets,
                     const GroupsOfScan& groups, const FlatMap64& policy_of, ViolationDiff& diff,
                     ScoreBuilder& scores, store::ScanChanges& ch) {
  size_t cur = 0;
  for (const Finding& f : result.findings) {
    while (cur < inventory.size() && &inventory.at(cur) != f.asset) ++cur;
    if (cur == inventory.size())
      return Error(
          "the findings are not in inventory order or name an asset not in the inventory; pass the "
          "ScanResult of scan() over this same inventory");
    if (assets.foreign[cur]) continue;  // another source's asset: its verdicts are that source's
    uint32_t policy = policy_of.get(reinterpret_cast<uintptr_t>(f.policy));
    if (policy == FlatMap64::kMissing)
      return Error(fmt::format("a finding names policy {} that is not in the policy set given",
                               f.policy ? f.policy->policy.id : "?"));
    Outcome outcome;
    if (assets.row_of[cur] == kNone) {  // placeholder of a failed scope: counted, never stored
      outcome = f.status == FindingStatus::Unknown     ? Outcome::Unknown
                : f.status == FindingStatus::Violation ? Outcome::Violation
                                                       : Outcome::Compliant;
    } else {
      outcome = diff.finding(f, policy, assets.row_of[cur], cur);
    }
    count_outcome(outcome, ch);
    const std::vector<uint32_t>& member_of = groups.of_inventory[cur];
    scores.add(policy, f.asset->account, member_of.empty() ? nullptr : &member_of, outcome);
  }
  return Status::Ok();
}

void audit_expired_exceptions(store::Store& store, int64_t scan_id,
                              const ExceptionIndex& exceptions, const RecordOptions& options,
                              store::ScanChanges& ch) {
  for (const store::ExceptionRecord* e :
       exceptions.expired_since(previous_scan_start(store, scan_id))) {
    store::AuditEntry a;
    a.at = options.now;
    a.actor = options.actor;
    a.action = "exception.expire";
    a.object = fmt::format("exception:{}", e->id);
    a.details = {{"what", describe_exception(*e)},
                 {"reason", e->reason},
                 {"granted_by", e->granted_by},
                 {"expires_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                    e->expires.time_since_epoch())
                                    .count()},
                 {"scan_id", scan_id}};
    ch.audit.push_back(std::move(a));
  }
}

// Rows are produced while the store writes them, so millions of new
// violations or asset versions are never all in memory at once. `inventory`,
// `versions` and `fresh` must outlive the store's apply_scan(ch).
void stream_new_rows(store::ScanChanges& ch, const Inventory& inventory,
                     const std::vector<AssetVersionRef>& versions,
                     const std::vector<NewViolation>& fresh, store::Time now) {
  ch.more_asset_versions = [&inventory, &versions,
                            next = size_t{0}](store::AssetVersionWrite& out) mutable {
    if (next == versions.size()) return false;
    const AssetVersionRef& ref = versions[next++];
    const Asset& a = inventory.at(ref.inventory);
    fill_identity(a, out.identity);
    out.content_hash = ref.hash;
    out.content = a.doc.root().to_json();
    return true;
  };
  ch.more_new_violations = [&fresh, now, next = size_t{0}](store::Violation& out) mutable {
    if (next == fresh.size()) return false;
    const NewViolation& n = fresh[next++];
    const Policy& p = n.finding->policy->policy;
    out.id = 0;
    out.policy_id.assign(p.id);
    fill_identity(*n.finding->asset, out.asset);
    out.status = n.unknown        ? ViolationStatus::Unknown
                 : n.exception_id ? ViolationStatus::Exempted
                                  : ViolationStatus::Open;
    out.severity.assign(to_string(p.severity));
    out.category.assign(to_string(p.category));
    out.message.assign(n.finding->message);
    out.first_seen = now;
    out.last_change = now;
    out.close_reason.clear();
    out.exception_id = n.exception_id ? std::optional<int64_t>(n.exception_id) : std::nullopt;
    return true;
  };
}

// The notification hook (RecordOptions::notify_opened) over the violations
// this scan opens; its messages go into the scan's transaction.
void notify_opened(const RecordOptions& options, int64_t scan_id,
                   const std::vector<NewViolation>& fresh, const GroupsOfScan& groups,
                   store::ScanChanges& ch) {
  if (!options.notify_opened) return;
  std::vector<OpenedViolation> opened;
  for (const NewViolation& n : fresh) {
    if (n.unknown || n.exception_id) continue;
    OpenedViolation o{n.finding->asset, &n.finding->policy->policy, n.finding->message, {}};
    for (uint32_t g : groups.of_inventory[n.inventory]) o.groups.push_back(groups.names[g]);
    opened.push_back(std::move(o));
  }
  if (opened.empty()) return;
  ch.outbox = options.notify_opened(scan_id, opened);
}

Status store_changes(store::Store& store, store::ScanChanges& ch, RecordSummary& sum) {
  ch.finished = std::chrono::system_clock::now();  // until record_finish_time
  auto writing = std::chrono::steady_clock::now();
  if (Status s = store.apply_scan(ch); !s.ok())
    return Error("storing the changes: " + s.error().message);
  sum.write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - writing).count();
  return Status::Ok();
}

// The scan's finish time and timings, once written: a failure here is a
// warning, the scan is recorded.
void record_finish_time(store::Store& store, int64_t scan_id, store::Time run_started,
                        nlohmann::json timings, RecordSummary& sum) {
  store::Time finished = std::chrono::system_clock::now();
  timings["write_s"] = sum.write_seconds;
  timings["total_s"] = std::chrono::duration<double>(finished - run_started).count();
  if (Status s = store.finish_scan_timing(scan_id, finished, timings); !s.ok())
    sum.warnings.push_back(fmt::format("scan {} is recorded but its finish time is not: {}",
                                       scan_id, s.error().message));
}

}  // namespace

Result<RecordSummary> record_scan(store::Store& store, int64_t scan_id, const Inventory& inventory,
                                  const PolicySet& policies, const ScanResult& result,
                                  const CollectedScopes& scopes, const RecordOptions& options) {
  auto started = std::chrono::steady_clock::now();
  const store::Time run_started = options.run_started.value_or(run_start_of(options.timings));
  auto fail = [&](const std::string& message) -> Result<RecordSummary> {
    std::string text = fmt::format("recording scan {}: {}", scan_id, message);
    (void)store.fail_scan(scan_id, std::chrono::system_clock::now(), text);
    return Error::at_offset(text, 0);
  };
  if (Status s = check_time_moves_forward(store, options.now); !s.ok())
    return fail(s.error().message);
  RecordSummary sum;
  sum.scan_id = scan_id;
  Result<std::string> source = source_of_scan(store, scan_id);
  if (!source.ok()) return fail(source.error().message);
  Reconciler r(store, inventory, policies, scopes, *source);
  if (Status s = r.load(); !s.ok()) return fail(s.error().message);
  r.mark_live_owners(options.sources);

  store::ScanChanges ch = start_changes(scan_id, scopes, options, run_started);
  AssetDiff assets = diff_assets(r, inventory, ch, sum);
  warn_of_other_sources_assets(assets, sum);
  delete_vanished_assets(r, ch, sum);

  // Groups, then exceptions (sticky ones may name a group).
  Result<GroupsOfScan> groups = compute_groups(r, assets.row_of, ch, sum);
  if (!groups.ok()) return fail(groups.error().message);
  Result<std::vector<store::ExceptionRecord>> all_exceptions = store.exceptions(true, options.now);
  if (!all_exceptions.ok()) return fail("loading exceptions: " + all_exceptions.error().message);
  ExceptionIndex exceptions =
      ExceptionIndex::build(std::move(all_exceptions).value(), options.now, &groups->membership);
  for (const std::string& w : exceptions.warnings()) sum.warnings.push_back(w);

  FlatMap64 policy_of;  // CompiledPolicy address -> policy row
  ScoreBuilder scores(policy_meta(r, policy_of), options.score_weights, groups->names);
  ViolationDiff diff(r, exceptions, ch, sum, options.whole_policy_set);
  if (Status s = diff_findings(result, inventory, assets, *groups, policy_of, diff, scores, ch);
      !s.ok())
    return fail(s.error().message);
  ch.evaluations = result.findings.size();
  diff.unseen();
  if (Status s = diff.fill_stored_messages(); !s.ok()) return fail(s.error().message);
  audit_expired_exceptions(store, scan_id, exceptions, options, ch);
  if (options.whole_policy_set) ch.scores = scores.rows(utc_day(options.now));

  notify_opened(options, scan_id, diff.fresh, *groups, ch);
  stream_new_rows(ch, inventory, assets.versions, diff.fresh, options.now);
  sum.violation_writes = diff.fresh.size() + ch.violation_updates.size();
  sum.asset_writes = assets.versions.size() + ch.deleted_assets.size();
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ch.timings["reconcile_s"] = sum.seconds;
  if (Status s = store_changes(store, ch, sum); !s.ok()) return fail(s.error().message);
  record_finish_time(store, scan_id, run_started, std::move(ch.timings), sum);
  return sum;
}

}  // namespace vigil::tracker
