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

namespace vigil::tracker {

using store::ViolationStatus;
using namespace detail;

namespace {

struct NewViolation {
  const Finding* finding = nullptr;
  int64_t exception_id = 0;  // 0: open (or unknown)
  bool unknown = false;  // an unknown finding, stored so "what could we not check?" has an answer
};

// Transitions of the violations this scan assessed and of those it did not.
class ViolationDiff {
 public:
  ViolationDiff(Reconciler& r, const ExceptionIndex& exceptions, store::ScanChanges& changes,
                RecordSummary& summary, bool whole_policy_set)
      : r_(r),
        exceptions_(exceptions),
        ch_(changes),
        sum_(summary),
        whole_policy_set_(whole_policy_set) {}

  // Returns the outcome for scoring.
  Outcome finding(const Finding& f, uint32_t policy, uint32_t row, size_t inventory_index);
  void unseen();
  // The updates that repeat the stored message get its text from the store.
  Status fill_stored_messages();
  std::vector<NewViolation>
      fresh;  // new violations, written through ScanChanges::more_new_violations

 private:
  // `message` null: the violation's stored message (fill_stored_messages()).
  void update(StoredViolation& v, ViolationStatus to, std::string_view reason,
              const std::string_view* message, std::string severity, int64_t exception_id);

  Reconciler& r_;
  const ExceptionIndex& exceptions_;
  store::ScanChanges& ch_;
  RecordSummary& sum_;
  const bool whole_policy_set_;
  std::vector<std::pair<int64_t, size_t>> stored_message_;  // (violation id, update index)
};

void ViolationDiff::update(StoredViolation& v, ViolationStatus to, std::string_view reason,
                           const std::string_view* message, std::string severity,
                           int64_t exception_id) {
  store::ViolationUpdate u;
  u.id = v.id;
  u.to = to;
  u.reason = std::string(reason);
  if (message)
    u.message = std::string(*message);
  else
    stored_message_.emplace_back(v.id, ch_.violation_updates.size());
  u.severity = std::move(severity);
  if (to == ViolationStatus::Closed) u.close_reason = u.reason;
  if (to == ViolationStatus::Exempted) u.exception_id = exception_id;
  // A row never found failing that is now compliant closes, but it was no
  // violation: not counted as one closed.
  if (to == ViolationStatus::Closed && v.ever_violated) ++sum_.closed;
  if (to == ViolationStatus::Exempted && v.status != ViolationStatus::Exempted) ++sum_.exempted;
  if (to == ViolationStatus::Open && v.status == ViolationStatus::Exempted) ++sum_.unexempted;
  if (to == ViolationStatus::Unknown) ++sum_.unknown;
  if (reason == "reopened") ++sum_.reopened;
  if (reason == "opened") ++sum_.opened;  // first found failing after being unknown
  ch_.violation_updates.push_back(std::move(u));
}

Outcome ViolationDiff::finding(const Finding& f, uint32_t policy, uint32_t row, size_t) {
  uint32_t vi = r_.violation_index.get(Reconciler::key(policy, row));
  StoredViolation* v = vi == FlatMap64::kMissing ? nullptr : &r_.violations[vi];
  if (v) v->seen = true;
  const Policy& p = f.policy->policy;
  switch (f.status) {
    case FindingStatus::Violation: {
      std::optional<int64_t> current;
      if (v && v->status == ViolationStatus::Exempted && v->exception_id) current = v->exception_id;
      std::optional<int64_t> exc =
          exceptions_.covering(*f.policy, *f.asset, &r_.inventory, current);
      ViolationStatus target = exc ? ViolationStatus::Exempted : ViolationStatus::Open;
      if (!v) {
        fresh.push_back(NewViolation{&f, exc.value_or(0)});
        ++sum_.opened;
        if (exc) ++sum_.exempted;
        return exc ? Outcome::Exempted : Outcome::Violation;
      }
      std::string_view reason;
      if (!v->ever_violated &&
          (v->status == ViolationStatus::Closed || v->status == ViolationStatus::Unknown))
        reason = "opened";  // found failing for the first time
      else if (v->status == ViolationStatus::Closed)
        reason = "reopened";
      else if (v->status == ViolationStatus::Unknown)
        reason = "reassessed";
      else if (v->status == ViolationStatus::Open && exc)
        reason = "exempted";
      else if (v->status == ViolationStatus::Exempted && !exc)
        reason = exceptions_.ended_reason(v->exception_id);
      else if (v->status == ViolationStatus::Exempted && *exc != v->exception_id)
        reason = "exempted";
      else if (v->message_hash != hash_text(f.message) ||
               v->severity != severity_index(to_string(p.severity)))
        reason = "message-changed";
      if (reason.empty()) {
        ++sum_.still_open;
      } else {
        update(*v, target, reason, &f.message, std::string(to_string(p.severity)),
               exc.value_or(0));
      }
      return exc ? Outcome::Exempted : Outcome::Violation;
    }
    case FindingStatus::Compliant:
      // A row that was only ever unknown was not fixed: it was checked.
      if (v && v->status != ViolationStatus::Closed)
        update(*v, ViolationStatus::Closed, v->ever_violated ? "fixed" : "reassessed", nullptr,
               std::string(to_string(p.severity)), 0);
      return Outcome::Compliant;
    case FindingStatus::Unknown:
      if (!v) {
        fresh.push_back(NewViolation{&f, 0, true});
        ++sum_.unknown;
      } else if (v->status == ViolationStatus::Open || v->status == ViolationStatus::Exempted ||
                 (v->status == ViolationStatus::Closed && !v->ever_violated)) {
        // A closed violation stays closed; a row that was only ever
        // unknown is unknown again, so it is listed as not checked.
        update(*v, ViolationStatus::Unknown, "unknown", &f.message,
               std::string(to_string(p.severity)), 0);
      }
      return Outcome::Unknown;
  }
  return Outcome::Unknown;
}

void ViolationDiff::unseen() {
  for (StoredViolation& v : r_.violations) {
    if (v.seen || v.status == ViolationStatus::Closed) continue;
    const PolicyRow& p = r_.policy_rows[v.policy];
    const AssetRow& a = r_.assets[v.asset];
    if (!r_.owned(a)) continue;  // another source's asset: not this scan's to change
    std::string_view reason;
    const bool deleted = a.inventory == kNone && r_.scopes[a.scope].ok;  // gone from an ok scope
    if (!p.policy || !p.enabled) {
      if (whole_policy_set_)
        reason = "policy-removed";
      else if (deleted)
        reason = "resource-deleted";  // an ad-hoc subset still deleted the asset
      else
        continue;  // another policy than this ad-hoc subset's: not its to judge
    } else if (deleted)
      reason = "resource-deleted";
    else if (a.inventory != kNone)
      reason = "policy-removed";  // the asset was assessed, this policy no longer applies to it
    if (!reason.empty()) {
      update(v, ViolationStatus::Closed, reason, nullptr, severity_text(v.severity), 0);
    } else if (v.status == ViolationStatus::Exempted && !exceptions_.is_active(v.exception_id)) {
      // Its exception expired (or was revoked) while the asset went
      // unassessed (scope failed or not collected): expiry is not
      // collection, so the exemption ends now. Another per-resource
      // exception of the pair takes over; sticky ones need the asset and are
      // matched at its next assessment.
      std::optional<int64_t> other = exceptions_.per_resource(p.id, a.id);
      if (other)
        update(v, ViolationStatus::Exempted, "exempted", nullptr, severity_text(v.severity),
               *other);
      else
        update(v, ViolationStatus::Open, exceptions_.ended_reason(v.exception_id), nullptr,
               severity_text(v.severity), 0);
    }
  }
}

Status ViolationDiff::fill_stored_messages() {
  std::vector<std::pair<int64_t, store::ViolationUpdate*>> wanted;
  wanted.reserve(stored_message_.size());
  for (const auto& [id, index] : stored_message_)
    wanted.emplace_back(id, &ch_.violation_updates[index]);
  stored_message_.clear();
  return r_.stored_messages(wanted);
}

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
  Result<std::vector<store::ScanRecord>> scans = store.list_scans(50);
  if (!scans.ok()) return std::nullopt;
  for (const store::ScanRecord& s : scans.value())
    if (s.id != scan_id && s.state == store::ScanState::Completed) return s.started;
  return std::nullopt;
}

std::string iso_time(store::Time t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
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
  // Time never runs backwards in a store: a scan observed before the latest
  // recorded one would stamp first-seen times in the past of later events
  // and judge exceptions at a time already judged.
  Result<std::optional<store::ScanRecord>> latest = store.latest_completed_scan();
  if (!latest.ok()) return fail(latest.error().message);
  if (*latest && options.now < (*latest)->started)
    return fail(fmt::format(
        "its observation time {} is before the store's latest scan ({}, observed {}); a store's "
        "state moves forward only: record older data in another store",
        iso_time(options.now), (*latest)->id, iso_time((*latest)->started)));
  RecordSummary sum;
  sum.scan_id = scan_id;
  // The scan's source (ScanRecord::source, given to begin_scan) owns what
  // this scan writes.
  Result<std::optional<store::ScanRecord>> scan = store.get_scan(scan_id);
  if (!scan.ok()) return fail(scan.error().message);
  if (!scan->has_value()) return fail("no such scan in the store");
  Reconciler r(store, inventory, policies, scopes, (*scan)->source);
  if (Status s = r.load(); !s.ok()) return fail(s.error().message);
  r.mark_live_owners(options.sources);

  store::ScanChanges ch;
  ch.scan_id = scan_id;
  ch.state = store::ScanState::Completed;
  ch.scopes = scopes.scopes;
  ch.timings = options.timings.is_object() ? options.timings : nlohmann::json::object();
  ch.timings["run_started_ms"] = epoch_ms(run_started);

  // Assets: new content -> a version; gone from an ok scope -> deleted.
  // Only the assets this scan's source owns (Reconciler::owned): an asset
  // of another source is left to it, with its violations.
  std::vector<uint32_t> row_of(inventory.size(), kNone);
  std::vector<bool> foreign(inventory.size(), false);
  std::map<std::string, std::pair<size_t, std::string_view>> left_to;  // owner -> (assets, e.g.)
  std::vector<AssetVersionRef> versions;  // written through ScanChanges::more_asset_versions
  for (size_t i = 0; i < inventory.size(); ++i) {
    const Asset& a = inventory.at(i);
    if (is_placeholder_asset(a.id)) continue;
    uint32_t scope = r.asset_scope(a.account, a.region, a.type);
    uint32_t row = r.asset_index(a.id);
    if (row == kNone) row = r.add_asset(a.id, scope);
    AssetRow& ar = r.assets[row];
    if (!r.owned(ar)) {
      foreign[i] = true;
      auto& [count, example] = left_to[r.owners[ar.owner]];
      if (count++ == 0) example = a.id;
      continue;
    }
    ar.inventory = uint32_t(i);
    row_of[i] = row;
    ++ch.assets;
    uint64_t h = asset_content_hash(a.doc);
    if (ar.stored && !ar.deleted && ar.hash == h) continue;
    if (!ar.stored || ar.deleted)
      ++sum.assets_created;
    else
      ++sum.assets_changed;
    versions.push_back(AssetVersionRef{uint32_t(i), h});
  }
  for (const auto& [owner, seen] : left_to)
    sum.warnings.push_back(fmt::format(
        "{} asset{} this scan saw belong{} to source '{}' (e.g. {}) and {} left to it: two sources "
        "cover the same resources; give each account and region to one source (docs/store.md, "
        "\"What a scan may change\")",
        seen.first, seen.first == 1 ? "" : "s", seen.first == 1 ? "s" : "", owner, seen.second,
        seen.first == 1 ? "was" : "were"));
  for (const AssetRow& ar : r.assets)
    if (ar.stored && !ar.deleted && ar.inventory == kNone && r.scopes[ar.scope].ok && r.owned(ar)) {
      ch.deleted_assets.emplace_back(ar.id);
      ++sum.assets_deleted;
    }

  // Groups, then exceptions (sticky ones may name a group).
  Result<GroupsOfScan> groups = compute_groups(r, row_of, ch, sum);
  if (!groups.ok()) return fail(groups.error().message);
  Result<std::vector<store::ExceptionRecord>> all_exceptions = store.exceptions(true, options.now);
  if (!all_exceptions.ok()) return fail("loading exceptions: " + all_exceptions.error().message);
  ExceptionIndex exceptions =
      ExceptionIndex::build(std::move(all_exceptions).value(), options.now, &groups->membership);
  for (const std::string& w : exceptions.warnings()) sum.warnings.push_back(w);

  // Findings, in inventory order.
  std::vector<PolicyMeta> meta;
  FlatMap64 policy_of;  // CompiledPolicy address -> policy row
  for (uint32_t i = 0; i < r.policy_rows.size(); ++i) {
    const PolicyRow& p = r.policy_rows[i];
    if (!p.policy) break;  // rows after the set's are policies known only from the store
    meta.push_back(PolicyMeta{p.id, std::string(to_string(p.policy->policy.category)),
                              std::string(to_string(p.policy->policy.severity))});
    policy_of.put(reinterpret_cast<uintptr_t>(p.policy), i);
  }
  ScoreBuilder scores(std::move(meta), options.score_weights, groups->names);
  ViolationDiff diff(r, exceptions, ch, sum, options.whole_policy_set);
  size_t cur = 0;
  for (const Finding& f : result.findings) {
    while (cur < inventory.size() && &inventory.at(cur) != f.asset) ++cur;
    if (cur == inventory.size())
      return fail(
          "the findings are not in inventory order or name an asset not in the inventory; pass the "
          "ScanResult of scan() over this same inventory");
    if (foreign[cur]) continue;  // another source's asset: its verdicts are that source's
    uint32_t policy = policy_of.get(reinterpret_cast<uintptr_t>(f.policy));
    if (policy == FlatMap64::kMissing)
      return fail(fmt::format("a finding names policy {} that is not in the policy set given",
                              f.policy ? f.policy->policy.id : "?"));
    Outcome outcome;
    if (row_of[cur] == kNone) {  // placeholder of a failed scope: counted, never stored
      outcome = f.status == FindingStatus::Unknown     ? Outcome::Unknown
                : f.status == FindingStatus::Violation ? Outcome::Violation
                                                       : Outcome::Compliant;
    } else {
      outcome = diff.finding(f, policy, row_of[cur], cur);
    }
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
    const std::vector<uint32_t>& member_of = groups->of_inventory[cur];
    scores.add(policy, f.asset->account, member_of.empty() ? nullptr : &member_of, outcome);
  }
  ch.evaluations = result.findings.size();
  diff.unseen();
  if (Status s = diff.fill_stored_messages(); !s.ok()) return fail(s.error().message);

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
  if (options.whole_policy_set) ch.scores = scores.rows(utc_day(options.now));

  // Rows are produced while the store writes them, so millions of new
  // violations or asset versions are never all in memory at once.
  size_t next_version = 0, next_violation = 0;
  ch.more_asset_versions = [&](store::AssetVersionWrite& out) {
    if (next_version == versions.size()) return false;
    const AssetVersionRef& ref = versions[next_version++];
    const Asset& a = inventory.at(ref.inventory);
    fill_identity(a, out.identity);
    out.content_hash = ref.hash;
    out.content = a.doc.root().to_json();
    return true;
  };
  ch.more_new_violations = [&](store::Violation& out) {
    if (next_violation == diff.fresh.size()) return false;
    const NewViolation& n = diff.fresh[next_violation++];
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
    out.first_seen = options.now;
    out.last_change = options.now;
    out.close_reason.clear();
    out.exception_id = n.exception_id ? std::optional<int64_t>(n.exception_id) : std::nullopt;
    return true;
  };
  sum.violation_writes = diff.fresh.size() + ch.violation_updates.size();
  sum.asset_writes = versions.size() + ch.deleted_assets.size();
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ch.timings["reconcile_s"] = sum.seconds;
  ch.finished = std::chrono::system_clock::now();  // until finish_scan_timing below
  auto writing = std::chrono::steady_clock::now();
  if (Status s = store.apply_scan(ch); !s.ok())
    return fail("storing the changes: " + s.error().message);
  sum.write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - writing).count();
  store::Time finished = std::chrono::system_clock::now();
  nlohmann::json timings = std::move(ch.timings);
  timings["write_s"] = sum.write_seconds;
  timings["total_s"] = std::chrono::duration<double>(finished - run_started).count();
  if (Status s = store.finish_scan_timing(scan_id, finished, timings); !s.ok())
    sum.warnings.push_back(fmt::format("scan {} is recorded but its finish time is not: {}",
                                       scan_id, s.error().message));
  return sum;
}

}  // namespace vigil::tracker
