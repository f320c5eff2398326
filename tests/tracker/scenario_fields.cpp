// See scenario_fields.h.
#include "scenario_fields.h"

#include <utility>

namespace vigil::tracker::scenario {
namespace {

template <typename T, size_t N>
std::optional<uint64_t> lookup(const T& object,
                               const std::pair<std::string_view, uint64_t T::*> (&fields)[N],
                               std::string_view name) {
  for (const auto& [field, member] : fields)
    if (field == name) return object.*member;
  return std::nullopt;
}

template <typename T, size_t N>
std::string names(const std::pair<std::string_view, uint64_t T::*> (&fields)[N]) {
  std::string out;
  for (const auto& field : fields) out += (out.empty() ? "" : ", ") + std::string(field.first);
  return out;
}

const std::pair<std::string_view, uint64_t RecordSummary::*> kSummary[] = {
    {"opened", &RecordSummary::opened},
    {"reopened", &RecordSummary::reopened},
    {"closed", &RecordSummary::closed},
    {"exempted", &RecordSummary::exempted},
    {"unexempted", &RecordSummary::unexempted},
    {"unknown", &RecordSummary::unknown},
    {"still_open", &RecordSummary::still_open},
    {"assets_created", &RecordSummary::assets_created},
    {"assets_changed", &RecordSummary::assets_changed},
    {"assets_deleted", &RecordSummary::assets_deleted},
    {"violation_writes", &RecordSummary::violation_writes},
    {"asset_writes", &RecordSummary::asset_writes},
    {"groups_changed", &RecordSummary::groups_changed},
};

const std::pair<std::string_view, uint64_t store::ScanRecord::*> kScan[] = {
    {"assets", &store::ScanRecord::assets},
    {"evaluations", &store::ScanRecord::evaluations},
    {"violations", &store::ScanRecord::violations},
    {"compliant", &store::ScanRecord::compliant},
    {"unknown", &store::ScanRecord::unknown},
    {"exempted", &store::ScanRecord::exempted},
};

const std::pair<std::string_view, uint64_t store::ScoreRow::*> kScore[] = {
    {"evaluated", &store::ScoreRow::evaluated}, {"violations", &store::ScoreRow::violations},
    {"compliant", &store::ScoreRow::compliant}, {"exempted", &store::ScoreRow::exempted},
    {"unknown", &store::ScoreRow::unknown},
};

const std::pair<std::string_view, size_t RevokeSummary::*> kRevoke[] = {
    {"reopened", &RevokeSummary::reopened},
    {"moved", &RevokeSummary::moved},
};

}  // namespace

std::optional<uint64_t> summary_count(const RecordSummary& s, std::string_view name) {
  return lookup(s, kSummary, name);
}
std::string summary_names() { return names(kSummary); }

std::optional<uint64_t> scan_count(const store::ScanRecord& scan, std::string_view name) {
  return lookup(scan, kScan, name);
}
std::string scan_names() { return names(kScan); }

std::optional<uint64_t> score_count(const store::ScoreRow& row, std::string_view name) {
  return lookup(row, kScore, name);
}
std::string score_names() { return names(kScore); }

std::optional<uint64_t> revoke_count(const RevokeSummary& s, std::string_view name) {
  for (const auto& [field, member] : kRevoke)
    if (field == name) return s.*member;
  return std::nullopt;
}
std::string revoke_names() { return "reopened, moved"; }

}  // namespace vigil::tracker::scenario
