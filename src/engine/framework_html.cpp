// A framework report as one self-contained HTML page (framework_html.h).
#include "engine/framework_html.h"

#include <fmt/format.h>

#include <array>
#include <map>

#include "core/block_writer.h"
#include "core/xml_text.h"

namespace vigil {

namespace {

constexpr std::array kStatuses = {ControlStatus::Pass, ControlStatus::Fail, ControlStatus::Unknown,
                                  ControlStatus::Manual, ControlStatus::NoPolicy};

std::string_view colour_of(ControlStatus s) {
  switch (s) {
    case ControlStatus::Pass:
      return "#1a7f37";
    case ControlStatus::Fail:
      return "#cf222e";
    case ControlStatus::Unknown:
      return "#bf8700";
    case ControlStatus::Manual:
      return "#57606a";
    case ControlStatus::NoPolicy:
      return "#8c959f";
  }
  return "#8c959f";
}

constexpr std::string_view kStyle = R"(
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2328; }
body { margin: 0 auto; max-width: 1200px; padding: 24px 32px; line-height: 1.45; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; } .muted { color: #57606a; }
.summary { display: flex; gap: 40px; align-items: center; flex-wrap: wrap; }
.legend { list-style: none; padding: 0; margin: 0; } .legend li { margin: 3px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 8px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; } th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } thead { display: table-header-group; } tr { break-inside: avoid; }
.status { font-weight: 600; white-space: nowrap; } .s-pass { color: #1a7f37; } .s-fail { color: #cf222e; } .s-unknown { color: #9a6700; } .s-manual, .s-no-policy { color: #57606a; }
td.s-pass { background: #dafbe1; } td.s-fail { background: #ffebe9; } td.s-unknown { background: #fff8c5; }
.control { break-inside: avoid-page; } code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; overflow-wrap: anywhere; }
.note { margin: 4px 0; padding: 6px 10px; background: #f6f8fa; border-left: 3px solid #8c959f; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { padding: 0; max-width: none; font-size: 11px; } a { color: inherit; text-decoration: none; } * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
)";

// Markup and escaped text, streamed through a BlockWriter.
struct Writer {
  BlockWriter block;

  Writer& raw(std::string_view s) {
    block.text() += s;
    block.maybe_flush();
    return *this;
  }
  Writer& text(std::string_view s) {
    append_xml_text(block.text(), s);
    return *this;
  }
};

void write_head(Writer& w, const FrameworkResults& r, const FrameworkHtmlOptions& o) {
  w.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
  w.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
  w.raw(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">");
  w.raw("<title>").text(r.catalog->name).raw(" v").text(r.catalog->version);
  w.raw(" — compliance report</title><style>").raw(kStyle).raw("</style></head><body>\n");
  w.raw("<header><h1>").text(r.catalog->name).raw(" v").text(r.catalog->version).raw("</h1>");
  w.raw("<p class=\"muted\">Framework <code>").text(r.catalog->id).raw("</code> · data of ");
  w.text(o.data_time).raw(" · ").raw(std::to_string(r.accounts.size()));
  w.raw(r.accounts.size() == 1 ? " account" : " accounts");
  w.raw(" · ").raw(std::to_string(r.catalog->controls.size())).raw(" controls</p></header>\n");
}

// A ring of the control results by status, the pass rate in its centre.
void write_donut(Writer& w, const FrameworkResults& r) {
  double total = double(r.results.size());
  w.raw(
      "<svg role=\"img\" width=\"180\" height=\"180\" viewBox=\"0 0 42 42\" "
      "aria-label=\"control results by status\">");
  w.raw(
      "<circle cx=\"21\" cy=\"21\" r=\"15.915\" fill=\"none\" stroke=\"#eaeef2\" "
      "stroke-width=\"6\"/>");
  double start = 0;
  for (ControlStatus s : kStatuses) {
    double share = total > 0 ? 100.0 * double(r.count(s)) / total : 0;
    if (share <= 0) continue;
    w.raw(
        fmt::format("<circle cx=\"21\" cy=\"21\" r=\"15.915\" fill=\"none\" stroke=\"{}\" "
                    "stroke-width=\"6\" stroke-dasharray=\"{:.3f} {:.3f}\" "
                    "stroke-dashoffset=\"{:.3f}\"/>",
                    colour_of(s), share, 100 - share, 25 - start));
    start += share;
  }
  w.raw(
      fmt::format("<text x=\"21\" y=\"21\" text-anchor=\"middle\" font-size=\"7\" "
                  "font-weight=\"700\" fill=\"#1f2328\">{:.0f}%</text>",
                  100 * r.pass_rate()));
  w.raw(
      "<text x=\"21\" y=\"26.5\" text-anchor=\"middle\" font-size=\"3\" fill=\"#57606a\">"
      "of judged pass</text></svg>");
}

void write_summary(Writer& w, const FrameworkResults& r) {
  w.raw("<h2>Summary</h2><div class=\"summary\">");
  write_donut(w, r);
  w.raw("<div><p><strong>").raw(fmt::format("{:.1f}%", 100 * r.pass_rate()));
  w.raw(
      "</strong> of the judged control results pass (pass, fail and unknown are judged; "
      "manual and no-policy ones need a person).</p><ul class=\"legend\">");
  for (ControlStatus s : kStatuses)
    w.raw(fmt::format("<li><span class=\"swatch\" style=\"background:{}\"></span>{} {}</li>",
                      colour_of(s), r.count(s), to_string(s)));
  w.raw(
      "</ul><p class=\"muted\">Counts are control results: one per control and account."
      "</p></div></div>\n");
}

struct AccountCounts {
  size_t pass = 0, fail = 0, unknown = 0;
  size_t judged() const { return pass + fail + unknown; }
};

std::map<std::string, AccountCounts> counts_by_account(const FrameworkResults& r) {
  std::map<std::string, AccountCounts> counts;
  for (const std::string& a : r.accounts) counts[a];
  for (const ControlResult& c : r.results) {
    AccountCounts& n = counts[c.account];
    n.pass += c.status == ControlStatus::Pass;
    n.fail += c.status == ControlStatus::Fail;
    n.unknown += c.status == ControlStatus::Unknown;
  }
  return counts;
}

// One horizontal bar per account: passing, failing, unknown controls.
void write_account_bars(Writer& w, const FrameworkResults& r) {
  auto counts = counts_by_account(r);
  constexpr int kLabel = 150, kBar = 420, kText = 330, kRow = 26;
  w.raw("<h2>By account</h2>");
  w.raw(
      fmt::format("<svg role=\"img\" width=\"{}\" height=\"{}\" font-size=\"12\" "
                  "aria-label=\"judged controls per account\">",
                  kLabel + kBar + kText, kRow * counts.size() + 8));
  int y = 4;
  for (const auto& [account, n] : counts) {
    w.raw(fmt::format("<text x=\"0\" y=\"{}\" fill=\"#1f2328\">", y + 15)).text(account);
    w.raw("</text>");
    double x = kLabel;
    for (auto [count, status] :
         {std::pair{n.pass, ControlStatus::Pass}, std::pair{n.fail, ControlStatus::Fail},
          std::pair{n.unknown, ControlStatus::Unknown}}) {
      double width = n.judged() ? double(kBar) * double(count) / double(n.judged()) : 0;
      if (width > 0)
        w.raw(
            fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" "
                        "fill=\"{}\"/>",
                        x, y + 2, width, colour_of(status)));
      x += width;
    }
    double rate = n.judged() ? 100.0 * double(n.pass) / double(n.judged()) : 0;
    w.raw(
        fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#1f2328\">{:.0f}% pass ({} pass, {} fail, "
                    "{} unknown)</text>",
                    kLabel + kBar + 8, y + 15, rate, n.pass, n.fail, n.unknown));
    y += kRow;
  }
  w.raw("</svg>\n");
}

std::string anchor_of(const FrameworkControl& c) { return "c-" + c.id; }

void write_status(Writer& w, ControlStatus s, std::string_view tag) {
  w.raw(fmt::format("<{} class=\"status s-{}\">{}</{}>", tag, to_string(s), to_string(s), tag));
}

void write_matrix(Writer& w, const FrameworkResults& r) {
  w.raw("<h2>Controls</h2><table><thead><tr><th>Control</th><th>Title</th><th>Level</th>");
  for (const std::string& a : r.accounts) w.raw("<th>").text(a).raw("</th>");
  w.raw("</tr></thead><tbody>\n");
  size_t per_control = r.accounts.size();
  for (size_t i = 0; per_control > 0 && i < r.results.size(); i += per_control) {
    const FrameworkControl& c = *r.results[i].control;
    w.raw("<tr><td><a href=\"#").text(anchor_of(c)).raw("\">").text(c.id).raw("</a></td><td>");
    w.text(c.title).raw("</td><td>").text(c.level).raw("</td>");
    for (size_t k = 0; k < per_control; ++k) write_status(w, r.results[i + k].status, "td");
    w.raw("</tr>\n");
  }
  w.raw("</tbody></table>\n");
}

void write_evidence(Writer& w, const ControlResult& c, size_t max_rows) {
  if (c.evidence.empty()) return;
  w.raw(
      "<table><thead><tr><th>Status</th><th>Resource</th><th>Type</th><th>Region</th>"
      "<th>Policy</th><th>Finding</th></tr></thead><tbody>");
  size_t shown = std::min(max_rows, c.evidence.size());
  for (size_t i = 0; i < shown; ++i) {
    const ControlEvidence& e = c.evidence[i];
    std::string_view tone = e.status == EvidenceStatus::Violation ? "fail"
                            : e.status == EvidenceStatus::Unknown ? "unknown"
                                                                  : "manual";
    w.raw(fmt::format("<tr><td class=\"status s-{}\">{}", tone, to_string(e.status)));
    if (e.exception_id) w.raw(fmt::format(" (exception {})", e.exception_id));
    w.raw("</td><td><code>").text(e.asset).raw("</code></td><td>").text(e.type);
    w.raw("</td><td>").text(e.region).raw("</td><td><code>").text(e.policy);
    w.raw("</code></td><td>").text(e.message).raw("</td></tr>");
  }
  w.raw("</tbody></table>");
  if (shown < c.evidence.size())
    w.raw(
        fmt::format("<p class=\"muted\">… and {} more: the JSON and CSV reports list every "
                    "one.</p>",
                    c.evidence.size() - shown));
}

void write_control_details(Writer& w, const FrameworkResults& r, size_t first, size_t max_rows) {
  const FrameworkControl& control = *r.results[first].control;
  w.raw("<section class=\"control\" id=\"").text(anchor_of(control)).raw("\"><h3>");
  w.text(control.id).raw(" ").text(control.title).raw("</h3><p class=\"muted\">");
  w.text(control.level.empty() ? "" : control.level + " · ").text(control.assessment);
  const ControlResult& head = r.results[first];
  if (!head.policies.empty()) {
    w.raw(" · judged by ");
    for (size_t i = 0; i < head.policies.size(); ++i)
      w.raw(i ? ", <code>" : "<code>").text(head.policies[i]).raw("</code>");
  }
  w.raw("</p>");
  if (!control.audit.empty())
    w.raw("<p class=\"note\"><strong>Audit:</strong> ").text(control.audit).raw("</p>");
  if (head.status == ControlStatus::NoPolicy)
    w.raw(
        "<p class=\"note\">No enabled policy judges this control: a person must audit it."
        "</p>");
  for (size_t k = 0; k < r.accounts.size(); ++k) {
    const ControlResult& c = r.results[first + k];
    if (c.status == ControlStatus::Manual || c.status == ControlStatus::NoPolicy) continue;
    w.raw("<p>Account <code>").text(c.account).raw("</code>: ");
    write_status(w, c.status, "span");
    w.raw(fmt::format(" · {} compliant, {} exempted, {} failing or unknown</p>", c.compliant,
                      c.exempted, c.evidence.size() - c.exempted));
    if (!c.reason.empty()) w.raw("<p class=\"note\">").text(c.reason).raw("</p>");
    write_evidence(w, c, max_rows);
  }
  w.raw("</section>\n");
}

void write_details(Writer& w, const FrameworkResults& r, size_t max_rows) {
  w.raw(
      "<h2>Details</h2><p class=\"muted\">Every control with evidence, an unknown result, "
      "or a person's audit to do. Controls that pass everywhere without evidence are listed "
      "above only.</p>\n");
  size_t per_control = r.accounts.size();
  for (size_t i = 0; per_control > 0 && i < r.results.size(); i += per_control) {
    bool plain_pass = true;
    for (size_t k = 0; k < per_control; ++k) {
      const ControlResult& c = r.results[i + k];
      plain_pass = plain_pass && c.status == ControlStatus::Pass && c.evidence.empty();
    }
    if (!plain_pass) write_control_details(w, r, i, max_rows);
  }
}

}  // namespace

void write_framework_html(std::ostream& out, const FrameworkResults& results,
                          const FrameworkHtmlOptions& options) {
  Writer w{BlockWriter(out)};
  write_head(w, results, options);
  write_summary(w, results);
  write_account_bars(w, results);
  write_matrix(w, results);
  write_details(w, results, options.max_evidence);
  w.raw(
      "<footer><p class=\"muted\">Generated by Vigil. Status words: pass, fail, unknown "
      "(not collected or not evaluable: never counted as a pass), manual, no-policy."
      "</p></footer></body></html>\n");
  w.block.finish();
}

}  // namespace vigil
