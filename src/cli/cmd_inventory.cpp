// vigil inventory list (--capture DIR | --aws-config PATH) [--type T] [--format table|json]
// vigil inventory show (--capture DIR | --aws-config PATH) ID
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "core/text_table.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;

struct InventoryCliOptions {
  std::string capture;
  std::string aws_config;  // AWS Config snapshots / items instead of a capture
  std::string type;
  std::string format = "table";
  std::string id;
  unsigned threads = 0;
};

int fail_inventory(const std::string& message) {
  std::cerr << "vigil inventory: " << message << '\n';
  return kExitError;
}

std::vector<std::string> error_codes(const Asset& a) {
  std::vector<std::string> codes;
  JsonRef errors = a.doc.root().find("errors");
  for (uint32_t i = 0; errors.valid() && i < errors.size(); ++i) {
    std::string code(errors.at(i).find("code").as_string());
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  return codes;
}

// The assets of --capture or --aws-config (summary on stderr).
Result<pipeline::LoadedSource> read_input(const InventoryCliOptions& o) {
  if (o.capture.empty() == o.aws_config.empty())
    return Error::at_offset("give exactly one of --capture DIR and --aws-config PATH", 0);
  pipeline::Source source;
  source.kind =
      o.aws_config.empty() ? pipeline::SourceKind::Capture : pipeline::SourceKind::AwsConfig;
  source.path = o.aws_config.empty() ? o.capture : o.aws_config;
  return load_input(source, {.threads = o.threads});
}

int run_list(const InventoryCliOptions& o) {
  auto capture = read_input(o);
  if (!capture.ok()) return fail_inventory(capture.error().message);
  const Inventory& inventory = capture->inventory;
  std::vector<const Asset*> assets;
  for (size_t i = 0; i < inventory.size(); ++i)
    if (o.type.empty() || inventory.at(i).type == o.type) assets.push_back(&inventory.at(i));
  if (o.format == "json") {
    json out = json::array();
    for (const Asset* a : assets)
      out.push_back({{"id", a->id},
                     {"type", a->type},
                     {"account", a->account},
                     {"region", a->region},
                     {"name", a->name},
                     {"errors", error_codes(*a)}});
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  } else {
    TextRows rows;
    rows.push_back({"TYPE", "ACCOUNT", "REGION", "NAME", "ERRORS", "ID"});
    for (const Asset* a : assets) {
      std::string codes;
      for (const std::string& c : error_codes(*a)) codes += (codes.empty() ? "" : ",") + c;
      rows.push_back({std::string(a->type), std::string(a->account), std::string(a->region),
                      std::string(a->name), codes.empty() ? "-" : codes, std::string(a->id)});
    }
    print_table(std::cout, rows);
  }
  if (!o.type.empty() && assets.empty()) {
    std::set<std::string_view> types;
    for (size_t i = 0; i < inventory.size(); ++i) types.insert(inventory.at(i).type);
    std::cerr << fmt::format("no asset of type {} (types read: {})\n", o.type, types.size());
  }
  // As `vigil scan`: a listing of a partial read says so in its status.
  return capture->partial ? kExitPartial : kExitOk;
}

int run_show(const InventoryCliOptions& o) {
  auto capture = read_input(o);
  if (!capture.ok()) return fail_inventory(capture.error().message);
  const Asset* asset = capture->inventory.find(o.id);
  if (!asset) {
    std::string hint;
    size_t shown = 0;
    for (size_t i = 0; i < capture->inventory.size() && shown < 5; ++i) {
      const Asset& a = capture->inventory.at(i);
      if (a.id.find(o.id) != std::string_view::npos || a.name == o.id) {
        hint += fmt::format("\n  {}", a.id);
        ++shown;
      }
    }
    return fail_inventory(fmt::format(
        "no asset with id \"{}\" in {}{}", o.id, o.capture.empty() ? o.aws_config : o.capture,
        hint.empty() ? "; list the ids with 'vigil inventory list --capture DIR'"
                     : "; did you mean:" + hint));
  }
  json parsed = json::parse(asset->doc.root().to_json(), nullptr, false);
  std::cout << (parsed.is_discarded() ? asset->doc.root().to_json()
                                      : parsed.dump(2, ' ', false, json::error_handler_t::replace))
            << '\n';
  return kExitOk;
}

}  // namespace

void add_inventory_command(CLI::App& app, int* exit_code) {
  auto* inventory = app.add_subcommand(
      "inventory",
      "Read an AWS capture directory or AWS Config snapshots and list or show its assets");
  inventory->require_subcommand(1);
  auto o = std::make_shared<InventoryCliOptions>();

  auto* list =
      inventory->add_subcommand("list", "List the assets of a capture (summary on stderr)");
  list->add_option("--capture", o->capture,
                   "Capture directory: <account>/<region>/<service>/<Operation>.json")
      ->check(CLI::ExistingDirectory);
  list->add_option("--aws-config", o->aws_config,
                   "AWS Config snapshots or configuration items: a file or directory tree "
                   "(docs/aws-config.md)")
      ->check(CLI::ExistingPath)
      ->excludes("--capture");
  list->add_option("--type", o->type, "Only this asset type, e.g. aws.ec2.security-group");
  list->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  list->add_option("--threads", o->threads, "Reader threads (default 0: all cores)")
      ->check(CLI::Range(0u, 1024u));
  list->callback([=] { *exit_code = run_list(*o); });

  auto* show = inventory->add_subcommand(
      "show", "Print one asset as JSON (unavailable parts as {\"$unavailable\": reason})");
  show->add_option("--capture", o->capture, "Capture directory")->check(CLI::ExistingDirectory);
  show->add_option("--aws-config", o->aws_config,
                   "AWS Config snapshots or configuration items (docs/aws-config.md)")
      ->check(CLI::ExistingPath)
      ->excludes("--capture");
  show->add_option("id", o->id, "Asset id (the ARN; see 'inventory list')")->required();
  show->add_option("--threads", o->threads, "Reader threads (default 0: all cores)")
      ->check(CLI::Range(0u, 1024u));
  show->callback([=] { *exit_code = run_show(*o); });
}

}  // namespace vigil::cli
