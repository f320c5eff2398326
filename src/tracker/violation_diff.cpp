// ViolationDiff (violation_diff.h): the transitions of the violations one
// scan assessed, and of those it did not.
#include "tracker/violation_diff.h"

#include "core/hash.h"

namespace vigil::tracker::detail {

using store::ViolationStatus;

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

Outcome ViolationDiff::finding(const Finding& f, uint32_t policy, uint32_t row,
                               size_t inventory_index) {
  uint32_t vi = r_.violation_index.get(Reconciler::key(policy, row));
  StoredViolation* v = vi == FlatMap64::kMissing ? nullptr : &r_.violations[vi];
  if (v) v->seen = true;
  const Policy& p = f.policy->policy;
  switch (f.status) {
    case FindingStatus::Violation:
      return violation(f, v, inventory_index);
    case FindingStatus::Compliant:
      // A row that was only ever unknown was not fixed: it was checked.
      if (v && v->status != ViolationStatus::Closed)
        update(*v, ViolationStatus::Closed, v->ever_violated ? "fixed" : "reassessed", nullptr,
               std::string(to_string(p.severity)), 0);
      return Outcome::Compliant;
    case FindingStatus::Unknown:
      if (!v) {
        fresh.push_back(NewViolation{&f, 0, true, inventory_index});
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

Outcome ViolationDiff::violation(const Finding& f, StoredViolation* v, size_t inventory_index) {
  const Policy& p = f.policy->policy;
  std::optional<int64_t> current;
  if (v && v->status == ViolationStatus::Exempted && v->exception_id) current = v->exception_id;
  std::optional<int64_t> exc = exceptions_.covering(*f.policy, *f.asset, &r_.inventory, current);
  ViolationStatus target = exc ? ViolationStatus::Exempted : ViolationStatus::Open;
  if (!v) {
    fresh.push_back(NewViolation{&f, exc.value_or(0), false, inventory_index});
    ++sum_.opened;
    if (exc) ++sum_.exempted;
    return exc ? Outcome::Exempted : Outcome::Violation;
  }
  std::string_view reason = change_reason(*v, f, exc);
  if (reason.empty()) {
    ++sum_.still_open;
  } else {
    update(*v, target, reason, &f.message, std::string(to_string(p.severity)), exc.value_or(0));
  }
  return exc ? Outcome::Exempted : Outcome::Violation;
}

std::string_view ViolationDiff::change_reason(const StoredViolation& v, const Finding& f,
                                              const std::optional<int64_t>& exc) const {
  if (!v.ever_violated &&
      (v.status == ViolationStatus::Closed || v.status == ViolationStatus::Unknown))
    return "opened";  // found failing for the first time
  if (v.status == ViolationStatus::Closed) return "reopened";
  if (v.status == ViolationStatus::Unknown) return "reassessed";
  if (v.status == ViolationStatus::Open && exc) return "exempted";
  if (v.status == ViolationStatus::Exempted && !exc)
    return exceptions_.ended_reason(v.exception_id);
  if (v.status == ViolationStatus::Exempted && *exc != v.exception_id) return "exempted";
  if (v.message_hash != hash_text(f.message) ||
      v.severity != severity_index(to_string(f.policy->policy.severity)))
    return "message-changed";
  return {};
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

}  // namespace vigil::tracker::detail
