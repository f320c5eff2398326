// vigil inventory diff --from TIME --to TIME [--account A] [--type T] [--format table|json]
//                      (--db FILE | --config vigil.yaml)
// What the recorded inventory gained, lost and changed (field by field)
// between two times: PacBot's "Delta". TIME is RFC 3339, a date, "now", or
// a duration ago (7d).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/tracker_common.h"
#include "inventory/field_diff.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kInventoryDiffCommand = "inventory diff";

struct DiffCliOptions {
  StoreOptions store;
  std::string from, to = "now", account, type;
  std::string format = "table";
};

std::string_view kind_name(store::AssetDelta::Kind k) {
  switch (k) {
    case store::AssetDelta::Kind::Created: return "created";
    case store::AssetDelta::Kind::Deleted: return "deleted";
    case store::AssetDelta::Kind::Changed: return "changed";
  }
  return "?";
}

nlohmann::json content_of(const std::optional<store::AssetVersion>& v) {
  if (!v) return nullptr;
  nlohmann::json j = nlohmann::json::parse(v->content, nullptr, false);
  return j.is_discarded() ? nlohmann::json(v->content) : j;
}

// One element of a JSON array printed as print_json prints the array
// (2-space indent): "[\n" before the first, ",\n" between; the caller
// closes with "\n]\n" (or prints "[]\n" when there was none).
void print_json_element(std::ostream& out, const json& element, bool first) {
  std::string text = element.dump(2, ' ', false, json::error_handler_t::replace);
  out << (first ? "[\n  " : ",\n  ");
  for (char c : text) {
    out << c;
    if (c == '\n') out << "  ";
  }
}

int run_diff(const DiffCliOptions& o) {
  store::Time now = std::chrono::system_clock::now();
  auto from = parse_cli_time(o.from, now, false);
  if (!from.ok()) return command_error(kInventoryDiffCommand, "--from " + from.error().message);
  auto to = parse_cli_time(o.to, now, false);
  if (!to.ok()) return command_error(kInventoryDiffCommand, "--to " + to.error().message);
  if (*to < *from)
    return command_error(kInventoryDiffCommand, fmt::format("--to {} is before --from {}",
                                                            time_text(*to), time_text(*from)));
  auto db = open_store_for(o.store, kInventoryDiffCommand, StoreAccess::Read);
  if (!db) return kExitError;
  store::AssetDeltaFilter filter;
  filter.from = *from;
  filter.to = *to;
  if (!o.account.empty()) filter.account = o.account;
  if (!o.type.empty()) filter.type = o.type;
  // Streamed: one asset's two versions at a time (a first scan of 1M assets
  // is ~2 GB of contents); JSON is printed element by element, exactly as
  // print_json prints the whole array.
  size_t counts[3] = {0, 0, 0};
  bool json_format = o.format == "json";
  Status streamed = db->for_each_asset_delta(filter, [&](const store::AssetDelta& d) {
    ++counts[static_cast<int>(d.kind)];
    std::vector<FieldChange> changes;
    if (d.kind == store::AssetDelta::Kind::Changed) changes = diff_json(content_of(d.before), content_of(d.after));
    if (json_format) {
      json j = {{"kind", std::string(kind_name(d.kind))},
                {"id", d.identity.id},
                {"type", d.identity.type},
                {"account", d.identity.account},
                {"region", d.identity.region},
                {"name", d.identity.name}};
      if (d.before) j["before_version"] = d.before->version;
      if (d.after) j["after_version"] = d.after->version;
      if (d.kind == store::AssetDelta::Kind::Changed) {
        json fields = json::array();
        for (const auto& c : changes) {
          json f = {{"path", c.path}};
          if (c.had_before) f["before"] = json::parse(c.before.dump());
          if (c.has_after) f["after"] = json::parse(c.after.dump());
          fields.push_back(std::move(f));
        }
        j["changes"] = std::move(fields);
      }
      print_json_element(std::cout, j, counts[0] + counts[1] + counts[2] == 1);
      return true;
    }
    std::cout << fmt::format("{:<8} {}  ({}, {}/{})\n", kind_name(d.kind), d.identity.id, d.identity.type,
                             d.identity.account, d.identity.region);
    for (const auto& c : changes) std::cout << "           " << describe(c) << '\n';
    return true;
  });
  if (!streamed.ok()) {
    if (json_format && counts[0] + counts[1] + counts[2] > 0) std::cout << '\n';
    return command_error(kInventoryDiffCommand, streamed.error().message);
  }
  if (json_format) {
    std::cout << (counts[0] + counts[1] + counts[2] == 0 ? "[]\n" : "\n]\n");
    return kExitOk;
  }
  std::cout << fmt::format("{} created, {} deleted, {} changed between {} and {}\n", counts[0], counts[1], counts[2],
                           time_text(*from), time_text(*to));
  return kExitOk;
}

}  // namespace

void add_inventory_diff_command(CLI::App& inventory, int* exit_code) {
  auto o = std::make_shared<DiffCliOptions>();
  auto* diff = inventory.add_subcommand(
      "diff", "What the recorded inventory gained, lost and changed (field by field) between two times");
  add_store_options(*diff, o->store);
  diff->add_option("--from", o->from, "Start: RFC 3339, a date, or a duration ago (7d)")->required();
  diff->add_option("--to", o->to, "End: RFC 3339, a date, \"now\" or a duration ago")->capture_default_str();
  diff->add_option("--account", o->account, "Only this account");
  diff->add_option("--type", o->type, "Only this asset type");
  diff->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  diff->callback([=] { *exit_code = run_diff(*o); });
}

}  // namespace vigil::cli
