// The scan table by asset (report_table.h, `vigil scan --by asset`): each
// asset with violations or unknowns, worst first, and its findings.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/text_fit.h"
#include "engine/report_table_parts.h"

namespace vigil::table {
namespace {

struct AssetGroup {
  const Asset* asset = nullptr;
  Counts counts;
  std::vector<const Finding*> reported;  // violations and unknowns
  std::optional<Severity> worst_violation, worst_unknown;
};

void note(std::optional<Severity>& worst, Severity s) {
  if (!worst || s < *worst) worst = s;  // Critical is 0
}

// Rank by the most severe violation, then the number of violations, then
// the same for unknowns: a lower rank is worse. nullopt sorts after any severity.
int severity_rank(const std::optional<Severity>& s) { return s ? static_cast<int>(*s) : 99; }

bool worse(const AssetGroup& a, const AssetGroup& b) {
  if (a.counts.failing() != b.counts.failing()) return a.counts.failing();
  if (severity_rank(a.worst_violation) != severity_rank(b.worst_violation))
    return severity_rank(a.worst_violation) < severity_rank(b.worst_violation);
  if (a.counts.violation != b.counts.violation) return a.counts.violation > b.counts.violation;
  if (severity_rank(a.worst_unknown) != severity_rank(b.worst_unknown))
    return severity_rank(a.worst_unknown) < severity_rank(b.worst_unknown);
  if (a.counts.unknown != b.counts.unknown) return a.counts.unknown > b.counts.unknown;
  return a.asset->id < b.asset->id;
}

// Within an asset: violations before unknowns, most severe first, by policy id.
bool listed_before(const Finding* a, const Finding* b) {
  if (a->status != b->status) return a->status == FindingStatus::Violation;
  const Policy& pa = a->policy->policy;
  const Policy& pb = b->policy->policy;
  if (pa.severity != pb.severity) return pa.severity < pb.severity;
  return pa.id < pb.id;
}

std::vector<AssetGroup> asset_groups(const ScanResult& result) {
  std::unordered_map<const Asset*, AssetGroup> by_asset;
  for (const Finding& f : result.findings) {
    AssetGroup& g = by_asset[f.asset];
    g.asset = f.asset;
    g.counts.add(f.status);
    if (f.status == FindingStatus::Compliant) continue;
    g.reported.push_back(&f);
    note(f.status == FindingStatus::Violation ? g.worst_violation : g.worst_unknown,
         f.policy->policy.severity);
  }
  std::vector<AssetGroup> groups;
  groups.reserve(by_asset.size());
  for (auto& [asset, group] : by_asset) {
    std::sort(group.reported.begin(), group.reported.end(), listed_before);
    groups.push_back(std::move(group));
  }
  std::sort(groups.begin(), groups.end(), worse);
  return groups;
}

// "arn:aws:s3:::acme-logs aws.s3.bucket (111111111111 us-east-1)": the id
// loses its middle when the line is too long, the type and place stay.
void write_asset_header(std::ostream& out, const Asset& asset, size_t columns, const Paint& paint) {
  std::string rest = fmt::format(" {}{}", asset.type, where(asset));
  std::string id(asset.id);
  if (columns > 0) {
    size_t rest_width = display_width(rest);
    if (display_width(id) + rest_width > columns) {
      if (rest_width + kMinColumns / 2 > columns) {  // the id keeps at least 15 columns
        rest.clear();
        rest_width = 0;
      }
      id = elide_middle(id, columns - rest_width);
    }
  }
  out << paint(id, "1") << rest << '\n';
}

}  // namespace

void write_by_asset(std::ostream& out, const ScanResult& result, const ReportScan& scan,
                    const TableLayout& layout) {
  const Paint paint(layout.color);
  const size_t columns = usable_columns(layout);
  std::vector<AssetGroup> groups = asset_groups(result);
  Listed listed{.noun = "assets", .all = layout.all};
  for (const AssetGroup& g : groups) {
    ++(g.counts.failing() ? listed.failing : listed.compliant);
    if (!g.counts.failing() && !layout.all) continue;
    if (listed.failing + listed.compliant > 1) out << '\n';
    write_asset_header(out, *g.asset, columns, paint);
    out << "  " << paint.counts(g.counts) << '\n';
    for (const Finding* f : g.reported) {
      const Policy& p = f->policy->policy;
      std::string severity = fmt::format(" [{}]", to_string(p.severity));
      write_finding(out, *f, p.id, paint.severity(p.severity, severity), display_width(severity),
                    columns, paint);
    }
  }
  if (groups.empty())
    out << "No policy applies to any asset in this inventory.\n";
  else if (listed.failing == 0 && !layout.all)
    out << "No violation and no unknown finding.\n";
  write_summary(out, result, scan, listed, paint);
}

}  // namespace vigil::table
