// See violation_query.h.
#include "api/violation_query.h"

#include <fmt/format.h>

namespace vigil::api {

namespace {

// `sort`: id (default), severity, first_seen or last_change.
Result<store::ViolationSort> sort_of(const Query& q) {
  auto given = q.text("sort");
  if (!given) return store::ViolationSort::Id;
  auto sort = store::violation_sort_from(*given);
  if (!sort)
    return Error(fmt::format("unknown sort '{}': use id, severity, first_seen or last_change",
                             *given))
        .with_kind(Error::Kind::InvalidInput)
        .with_subject("sort");
  return *sort;
}

}  // namespace

Result<store::ViolationFilter> violation_filter_of(const Query& q) {
  store::ViolationFilter f;
  if (auto status = q.text("status")) {
    for (size_t start = 0; start <= status->size();) {
      size_t comma = status->find(',', start);
      std::string word = status->substr(start, comma == std::string::npos ? comma : comma - start);
      auto s = store::violation_status_from(word);
      if (!s) {
        return Error(
                   fmt::format("unknown status '{}': use open, exempted, closed or unknown", word))
            .with_kind(Error::Kind::InvalidInput)
            .with_subject("status");
      }
      f.statuses.push_back(*s);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  f.policy_id = q.text("policy");
  f.asset_id = q.text("asset");
  f.account = q.text("account");
  f.region = q.text("region");
  f.type = q.text("type");
  f.severity = q.text("severity");
  f.category = q.text("category");
  f.group = q.text("group");
  auto sort = sort_of(q);
  if (!sort.ok()) return sort.error();
  f.sort = *sort;
  auto descending = q.descending();
  if (!descending.ok()) return descending.error();
  f.descending = *descending;
  return f;
}

}  // namespace vigil::api
