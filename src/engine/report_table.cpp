// See report_table.h. The view by policy is here; by asset in
// report_table_assets.cpp.
#include "engine/report_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "core/text_fit.h"
#include "engine/report_table_parts.h"

namespace vigil {

namespace {

using table::Counts;
using table::Paint;

struct PolicyGroup {
  const CompiledPolicy* policy = nullptr;
  Counts counts;
  std::vector<const Finding*> reported;  // violations and unknowns, in finding order
};

// Failing before compliant, then most severe first; ties by id, so the
// layout never depends on pointers.
std::vector<PolicyGroup> policy_groups(const ScanResult& result) {
  std::unordered_map<const CompiledPolicy*, PolicyGroup> by_policy;
  for (const Finding& f : result.findings) {
    PolicyGroup& g = by_policy[f.policy];
    g.policy = f.policy;
    g.counts.add(f.status);
    if (f.status != FindingStatus::Compliant) g.reported.push_back(&f);
  }
  std::vector<PolicyGroup> groups;
  groups.reserve(by_policy.size());
  for (auto& [policy, group] : by_policy) groups.push_back(std::move(group));
  std::sort(groups.begin(), groups.end(), [](const PolicyGroup& a, const PolicyGroup& b) {
    const Policy& pa = a.policy->policy;
    const Policy& pb = b.policy->policy;
    if (a.counts.failing() != b.counts.failing()) return a.counts.failing();
    if (pa.severity != pb.severity) return pa.severity < pb.severity;
    return pa.id < pb.id;
  });
  return groups;
}

// "aws-s3-bucket-public [critical] S3 bucket is public": the title loses
// its end first (down to kMinTitle columns), then the id its middle (down
// to half the room).
constexpr size_t kMinTitle = 8;
void write_policy_header(std::ostream& out, const Policy& p, size_t columns, const Paint& paint) {
  std::string id = p.id, title = p.title;
  std::string severity = fmt::format("[{}]", to_string(p.severity));
  if (columns > 0) {
    size_t room = columns - display_width(severity) - 2;  // two spaces
    size_t id_width = display_width(id), title_width = display_width(title);
    if (id_width + title_width > room) {
      size_t id_room =
          std::min(id_width, std::max(room - std::min(title_width, kMinTitle), room / 2));
      id = elide_middle(id, id_room);
      title = elide_end(title, room - display_width(id));
    }
  }
  out << fmt::format("{} {} {}\n", paint(id, "1"), paint.severity(p.severity, severity), title);
}

void write_table_by_policy(std::ostream& out, const ScanResult& result, const ReportScan& scan,
                           const TableLayout& layout) {
  const Paint paint(layout.color);
  const size_t columns = table::usable_columns(layout);
  std::vector<PolicyGroup> groups = policy_groups(result);
  table::Listed listed{.noun = "policies", .all = layout.all};
  for (const PolicyGroup& g : groups) {
    ++(g.counts.failing() ? listed.failing : listed.compliant);
    if (!g.counts.failing() && !layout.all) continue;
    if (listed.failing + listed.compliant > 1) out << '\n';
    write_policy_header(out, g.policy->policy, columns, paint);
    out << "  " << paint.counts(g.counts) << '\n';
    for (const Finding* f : g.reported) {
      std::string where = table::where(*f->asset);
      table::write_finding(out, *f, f->asset->id, where, display_width(where), columns, paint);
    }
  }
  if (groups.empty())
    out << "No policy applies to any asset in this inventory.\n";
  else if (listed.failing == 0 && !layout.all)
    out << "No violation and no unknown finding.\n";
  table::write_summary(out, result, scan, listed, paint);
}

}  // namespace

void write_table(std::ostream& out, const ScanResult& result, const ReportScan& scan,
                 const TableLayout& layout) {
  if (layout.view == TableView::ByAsset)
    table::write_by_asset(out, result, scan, layout);
  else
    write_table_by_policy(out, result, scan, layout);
}

}  // namespace vigil
