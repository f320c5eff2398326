// GET /api/v1/violations/export: the violations a list would show (the same
// filters, sort and group scope), whole, as a download in every format of
// `vigil violations list`: csv and json streamed in keyset batches (any
// number of rows, constant memory), sarif, ocsf, asff and junit (which
// describe a whole run at once) up to kMaxStandardRows, past which the
// answer is a 400 asking for narrower filters: never a silently cut file.
// A store error after the first bytes aborts the transfer, so a client
// never mistakes a broken download for a complete one.
#include <fmt/format.h>

#include <sstream>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "api/violation_query.h"
#include "core/csv.h"
#include "core/time_text.h"
#include "engine/formats/standard.h"
#include "tracker/violation_csv.h"
#include "tracker/violation_findings.h"

namespace vigil::api {

namespace {

constexpr size_t kBatch = 1000;
constexpr size_t kMaxStandardRows = 25000;

struct Format {
  std::string_view name, extension, content_type;
};
constexpr Format kFormats[] = {
    {"csv", "csv", "text/csv; charset=utf-8"},    {"json", "json", "application/json"},
    {"sarif", "sarif", "application/sarif+json"}, {"ocsf", "ocsf.json", "application/json"},
    {"asff", "asff.json", "application/json"},    {"junit", "junit.xml", "application/xml"},
};

// The next batch after the filter's position; moves the position past it.
Result<std::vector<store::Violation>> next_batch(store::Store& db, store::ViolationFilter& filter) {
  std::vector<store::Violation> rows;
  filter.limit = kBatch;
  Status read = db.for_each_violation(filter, [&](const store::Violation& v) {
    rows.push_back(v);
    return true;
  });
  if (!read.ok()) return read.error();
  if (!rows.empty()) {
    filter.after_id = rows.back().id;
    filter.after_value = store::violation_sort_value(rows.back(), filter.sort);
  }
  return rows;
}

// csv or json, one batch per call of the content provider.
void stream(httplib::Response& res, ApiContext& context, StorePool::Lease db,
            store::ViolationFilter filter, const Format& format) {
  struct State {
    std::shared_ptr<StorePool::Lease> db;
    store::ViolationFilter filter;
    bool first = true;
    bool done = false;
  };
  auto state = std::make_shared<State>(
      State{std::make_shared<StorePool::Lease>(std::move(db)), std::move(filter)});
  bool csv = format.name == "csv";
  const tracker::PolicyTexts* texts = &context.texts;
  res.set_chunked_content_provider(
      std::string(format.content_type), [state, csv, texts](size_t, httplib::DataSink& sink) {
        if (state->done) {
          sink.done();
          return true;
        }
        auto rows = next_batch(**state->db, state->filter);
        if (!rows.ok()) return false;  // aborts: the download is visibly incomplete
        std::ostringstream out;
        if (state->first) {
          if (csv)
            write_csv_row(out, tracker::violation_csv_header());
          else
            out << "[";
        }
        for (const store::Violation& v : *rows) {
          if (csv) {
            write_csv_row(out, tracker::violation_csv_row(v));
          } else {
            out << (state->first ? "\n" : ",\n") << tracker::tracked_finding_json(v, *texts).dump();
            state->first = false;
          }
        }
        state->first = false;
        if (rows->size() < kBatch) {
          if (!csv) out << "\n]\n";
          state->done = true;
        }
        std::string text = std::move(out).str();
        return text.empty() || sink.write(text.data(), text.size());
      });
}

}  // namespace

void export_violations(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                       const Caller& caller) {
  Query q(req);
  Status checked = q.check({"format", "status", "policy", "asset", "account", "region", "type",
                            "severity", "category", "group", "order", "sort"});
  if (!checked.ok()) return send_error(res, checked.error());
  std::string name = q.text("format").value_or("");
  const Format* format = nullptr;
  for (const Format& f : kFormats)
    if (f.name == name) format = &f;
  if (!format)
    return send_error(
        res, Error(fmt::format("format '{}': use csv, json, sarif, ocsf, asff or junit", name))
                 .with_kind(Error::Kind::InvalidInput)
                 .with_subject("format"));
  auto filter = violation_filter_of(q);
  if (!filter.ok()) return send_error(res, filter.error());
  scope_filter(*filter, caller);
  auto db = store_or_error(context, res);
  if (!db) return;
  auto now = std::chrono::system_clock::now();
  std::string day = vigil::format_time(now).substr(0, 10);
  res.set_header(
      "Content-Disposition",
      fmt::format("attachment; filename=\"vigil-violations-{}.{}\"", day, format->extension));
  if (format->name == "csv" || format->name == "json")
    return stream(res, context, std::move(*db), std::move(*filter), *format);

  std::vector<store::Violation> violations;
  filter->limit = kMaxStandardRows + 1;
  Status read = (*db)->for_each_violation(*filter, [&](const store::Violation& v) {
    violations.push_back(v);
    return true;
  });
  if (!read.ok()) return send_error(res, read.error());
  if (violations.size() > kMaxStandardRows) {
    res.headers.erase("Content-Disposition");
    return send_error(
        res, Error(fmt::format("more than {} violations match: {} describes a whole run in one "
                               "document, so narrow the filters (status, account, severity, ...) "
                               "or use format=csv or json, which stream any number",
                               kMaxStandardRows, format->name))
                 .with_kind(Error::Kind::InvalidInput)
                 .with_subject("format"));
  }
  static const PolicySet kNoPack;
  formats::ReportMeta meta;
  meta.generated_at = now;
  std::ostringstream out;
  formats::write_standard(
      out, *formats::parse_standard_format(format->name),
      tracker::ViolationFindings(violations, context.policies ? *context.policies : kNoPack), meta);
  res.set_content(std::move(out).str(), std::string(format->content_type));
}

}  // namespace vigil::api
