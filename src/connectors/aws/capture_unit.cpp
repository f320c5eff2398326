// read_unit: one <account>/<region>/<service> folder -> assets (capture_unit.h).
//
// Per catalog type of the service: read the list file, select the items,
// and per item compute the id, merge the per-resource call outputs into
// config, decode embedded JSON documents, then tags, name and relations.
// Reverse relations (security group <- network interfaces) are applied
// once every item of the folder is known, then assets are frozen.
#include "connectors/aws/capture_unit.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "connectors/aws/capture_files.h"
#include "connectors/aws/capture_reader.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws/credential_report.h"
#include "connectors/aws/folder_join.h"
#include "connectors/aws/item_list.h"
#include "connectors/aws/path.h"
#include "connectors/aws/tag_values.h"

namespace vigil::aws {

namespace fs = std::filesystem;

namespace {

std::string_view first_segment(std::string_view path) {
  size_t end = path.find_first_of(".[");
  return path.substr(0, end);
}

void decode_json_string(JsonTree& node, bool url_decode) {
  std::optional<std::string_view> s = PathValue{&node, {}}.string();
  if (!s || s->empty()) return;
  std::string text = url_decode ? percent_decode(*s) : std::string(*s);
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text).get(root)) return;  // not JSON after all: keep the string
  node = JsonTree::copy_of(root);
}

class UnitReader {
 public:
  explicit UnitReader(const Unit& unit) : u_(unit), global_(unit.region == "global") {}

  // One file of `operation`, its secrets hidden (sensitive.h).
  CaptureFile load(const fs::path& path, std::string_view operation) {
    const Shape* secrets =
        u_.sensitive ? u_.sensitive->output_with_secrets(u_.service, operation) : nullptr;
    return store_.load(path, secrets, secrets ? &u_.sensitive->key() : nullptr);
  }

  UnitOutput run() {
    index_folder();
    std::vector<std::string_view> types;
    for (const ResourceType& type : resource_catalog())
      if (type.service == u_.service && type.global == global_) {
        read_type(type);
        types.push_back(type.type);
      }
    read_settings();
    apply_reverse_edges();
    for (PendingAsset& p : pending_) {
      Result<Asset> asset = freeze_asset(p);
      if (asset.ok())
        out_.assets.push_back(std::move(asset).value());
      else
        out_.problems.push_back(
            fmt::format("{}: asset {}: {}", u_.dir.string(), p.parts.id, asset.error().message));
    }
    for (std::string_view type : types) {
      CollectedScope scope{u_.account, u_.region, std::string(type), true, {}, 0};
      if (auto failed = failed_types_.find(scope.type); failed != failed_types_.end()) {
        scope.ok = false;
        scope.error = fmt::format("{}: {}", failed->second.code, failed->second.message);
      }
      for (const Asset& asset : out_.assets)
        if (scope.ok && asset.type == type) ++scope.assets;
      out_.scopes.push_back(std::move(scope));
    }
    out_.files = store_.files_read();
    out_.bytes = store_.bytes_read();
    return std::move(out_);
  }

 private:
  void index_folder() {
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(u_.dir, ec)) {
      std::string name = entry.path().filename().string();
      if (entry.is_directory(ec)) {
        dirs_.insert(name);
      } else if (name.ends_with(".json")) {
        name.resize(name.size() - 5);
        files_.insert(name);
      } else {
        continue;
      }
      if (!is_known_operation(u_.service, name))
        out_.unknown.push_back(u_.service + "/" + name + "\t" + entry.path().string());
    }
  }

  void fail_scope(const ResourceType& type, std::string_view code, std::string message) {
    PendingAsset p;
    p.type = std::string(type.type);
    p.parts.id = failed_scope_id(u_.account, u_.region, type.type);
    p.parts.account = u_.account;
    p.parts.region = u_.region;
    p.parts.name = fmt::format("{} in {}/{} (collection failed)", type.type, u_.account, u_.region);
    CollectionError e{"config", std::string(type.list_operation), std::string(code),
                      std::move(message)};
    p.config_unavailable = p.tags_unavailable = p.relationships_unavailable = true;
    p.config_reason = p.tags_reason = p.relationships_reason = e.reason();
    failed_types_[type.type] = e;
    p.errors.push_back(e);
    e.part = "tags";
    p.errors.push_back(e);
    e.part = "relationships";
    p.errors.push_back(e);
    ++out_.failed_scopes;
    out_.problems.push_back(fmt::format(
        "{}/{}.json: {} in {}/{} not collected ({}: {}); its policies report unknown there",
        u_.dir.string(), type.list_operation, type.type, u_.account, u_.region, code,
        p.errors[0].message));
    pending_.push_back(std::move(p));
  }

  void read_type(const ResourceType& type) {
    fs::path list_path = u_.dir / (std::string(type.list_operation) + ".json");
    if (!files_.count(std::string(type.list_operation))) {
      fail_scope(type, "NotCaptured",
                 fmt::format(
                     "no {} in the capture: the {} folder exists but this call's output is missing",
                     list_path.string(), u_.service));
      return;
    }
    CaptureFile f = load(list_path, type.list_operation);
    if (f.state == CaptureFile::State::Error) return fail_scope(type, f.code, f.message);
    if (f.state != CaptureFile::State::Ok) {
      ++out_.malformed_files;
      out_.problems.push_back(fmt::format("{}: {}", list_path.string(), f.message));
      return fail_scope(type, f.code, fmt::format("{}: {}", list_path.string(), f.message));
    }
    std::string_view top = first_segment(type.items);
    simdjson::dom::element ignored;
    if (f.root[top].get(ignored) && !type.items_optional)
      return fail_scope(type, "UnexpectedShape",
                        fmt::format("{} has no member \"{}\": not the output of {} {}",
                                    list_path.string(), top, u_.service, type.list_operation));
    std::vector<PathValue> found, items;
    select(f.root, type.items, found);
    for (const PathValue& v :
         found) {  // "SecurityGroups" names the array; its elements are the items
      if (v.is_array())
        v.elements(items);
      else
        items.push_back(v);
    }
    std::string collected_at = file_time_rfc3339(list_path);
    for (size_t i = 0; i < items.size(); ++i)
      read_item(type, items[i].element, i, list_path, collected_at);
  }

  void call_failed(PendingAsset& p, const std::string& name, CollectionError e) {
    p.parts.config.set(name, JsonTree::unavailable(e.reason()));
    failed_parts_[name] = e;
    p.errors.push_back(std::move(e));
  }

  void read_call(const ResourceType& type, const PerResourceCall& call, PendingAsset& p,
                 const JsonTree& item) {
    std::string name = config_name_of(call);
    std::string op(call.operation);
    p.parts.config.expand();
    std::string_view key =
        call.key == "@arn" ? std::string_view(p.parts.id) : first_string(item, call.key);
    if (key.empty())
      return call_failed(
          p, name,
          {"config." + name, op, "MissingKey",
           fmt::format("the {} item has no {} to name the {} file", type.type, call.key, op)});
    if (call.fans_out()) return read_fan_out(call, p, key, name);
    fs::path path = u_.dir / op / resource_file_name(key);
    if (!dirs_.count(op))
      return call_failed(p, name, folder_not_captured(name, op));
    CaptureFile f = load(path, op);
    CollectionError error;
    switch (outcome_of(f, path, call, name, "", error)) {
      case FileOutcome::Failed:
        return call_failed(p, name, std::move(error));
      case FileOutcome::Absent:
        return;  // not configured: the member stays absent
      case FileOutcome::Ok:
        break;
    }
    p.parts.config.set(name,
                       JsonTree::element(f.root));  // the output unchanged (catalog.h, naming rule)
  }

  CollectionError folder_not_captured(const std::string& name, const std::string& op) const {
    return {"config." + name, op, "NotCaptured",
            fmt::format("no {} folder in {}: this call was not captured", op, u_.dir.string())};
  }

  enum class FileOutcome { Ok, Absent, Failed };

  // One loaded file of `call`: its output, "not configured" (an error code
  // of call.absent_codes), or a failure described in `error` (a malformed
  // file is also counted and reported). `what` prefixes an AWS error's message.
  FileOutcome outcome_of(const CaptureFile& f, const fs::path& path, const PerResourceCall& call,
                         const std::string& name, const std::string& what,
                         CollectionError& error) {
    std::string op(call.operation);
    switch (f.state) {
      case CaptureFile::State::Missing:
        error = {"config." + name, op, "NotCaptured", fmt::format("no file {}", path.string())};
        return FileOutcome::Failed;
      case CaptureFile::State::Malformed:
        ++out_.malformed_files;
        out_.problems.push_back(fmt::format("{}: {}", path.string(), f.message));
        error = {"config." + name, op, f.code, fmt::format("{}: {}", path.string(), f.message)};
        return FileOutcome::Failed;
      case CaptureFile::State::Error:
        if (std::find(call.absent_codes.begin(), call.absent_codes.end(), f.code) !=
            call.absent_codes.end())
          return FileOutcome::Absent;
        error = {"config." + name, op, f.code, what + f.message};
        return FileOutcome::Failed;
      case CaptureFile::State::Ok:
        break;
    }
    return FileOutcome::Ok;
  }

  // A fan-out call (catalog.h, "FAN-OUT CALLS"): one file per name the
  // `each` path reaches in the config read so far -> config.<name>, the
  // array of the outputs; unavailable as a whole when any one is.
  void read_fan_out(const PerResourceCall& call, PendingAsset& p, std::string_view key,
                    const std::string& name) {
    std::string op(call.operation);
    if (const CollectionError* failed = failed_source(call.each)) {
      CollectionError e = *failed;  // the earlier call's failure: its operation and code
      e.part = "config." + name;
      e.message = fmt::format("{} (the names for {} come from it)", e.message, op);
      return call_failed(p, name, std::move(e));
    }
    std::vector<std::string> names;
    for (std::string_view n : select_strings(p.parts.config, call.each)) names.emplace_back(n);
    JsonTree outputs = JsonTree::array();
    if (!names.empty() && !dirs_.count(op))
      return call_failed(p, name, folder_not_captured(name, op));
    fs::path folder = u_.dir / op / resource_folder_name(key);
    for (const std::string& each : names) {
      fs::path path = folder / resource_file_name(each);
      CaptureFile f = load(path, op);
      CollectionError error;
      switch (outcome_of(f, path, call, name,
                         fmt::format("{} {}: ", call.each_parameter, each), error)) {
        case FileOutcome::Failed:
          return call_failed(p, name, std::move(error));
        case FileOutcome::Absent:
          continue;  // gone between the two calls: not there
        case FileOutcome::Ok:
          outputs.push(JsonTree::element(f.root));  // each output unchanged (naming rule)
          break;
      }
    }
    p.parts.config.set(name, std::move(outputs));
  }

  const CollectionError* failed_source(std::string_view path) const {
    auto it = failed_parts_.find(std::string(first_segment(path)));
    return it == failed_parts_.end() ? nullptr : &it->second;
  }

  void read_item(const ResourceType& type, simdjson::dom::element element, size_t index,
                 const fs::path& list_path, const std::string& collected_at) {
    JsonTree item = list_item_tree(type, element);
    if (!own_item(type, item)) return;
    PendingAsset p;
    p.type = std::string(type.type);
    p.parts.account = u_.account;
    p.parts.region = u_.region;
    p.collected_at = collected_at;
    if (!set_id(type, item, p)) {
      out_.problems.push_back(fmt::format(
          "{}: item {} of {} has no {} to build its id from; skipped", list_path.string(), index,
          type.items, type.arn_field.empty() ? type.arn_template : type.arn_field));
      return;
    }
    p.parts.config = item;
    p.parts.tags = JsonTree::object();
    failed_parts_.clear();
    for (const PerResourceCall& call : type.calls) read_call(type, call, p, item);
    for (const JsonStringField& field : type.json_strings)
      update(p.parts.config, field.path,
             [&](JsonTree& node) { decode_json_string(node, field.url_decode); });
    fill_tags(type, p);
    choose_name(type, p.parts);
    add_edges(type, p);
    note_reverse_edges(type, p);
    joins_.apply(type, p);
    if (type.hook) type.hook(p.parts);
    pending_.push_back(std::move(p));
  }

  // False for an item read in its home region, or not the account's own
  // (shared or public).
  bool own_item(const ResourceType& type, const JsonTree& item) const {
    if (other_region_item(type, item, u_.region)) return false;
    if (type.owner_field.empty()) return true;
    std::string_view owner = first_string(item, type.owner_field);
    return owner.empty() || owner == u_.account;
  }

  // The item's ARN field, else the type's template; false when neither gives one.
  bool set_id(const ResourceType& type, const JsonTree& item, PendingAsset& p) const {
    if (!type.arn_field.empty()) p.parts.id = std::string(first_string(item, type.arn_field));
    if (p.parts.id.empty() && !type.arn_template.empty())
      p.parts.id = expand_template(type.arn_template, u_.account, u_.region, "", &item);
    return !p.parts.id.empty();
  }

  // Tags from the configuration, or unavailable with the call they come from.
  void fill_tags(const ResourceType& type, PendingAsset& p) const {
    if (type.tags.empty()) return;
    if (const CollectionError* failed = failed_source(type.tags)) {
      p.tags_unavailable = true;
      p.tags_reason = failed->reason();
      CollectionError e = *failed;
      e.part = "tags";
      p.errors.push_back(std::move(e));
    } else {
      std::vector<PathValue> found;
      select(p.parts.config, type.tags, found);
      for (const PathValue& v : found) add_tags(v, p.parts.tags);
    }
  }

  std::string edge_target(const Relation& r, std::string_view v) const {
    return r.target.empty() ? std::string(v)
                            : expand_template(r.target, u_.account, u_.region, v, nullptr);
  }

  // Forward relations: the catalog's paths into the configuration.
  void add_edges(const ResourceType& type, PendingAsset& p) const {
    for (const Relation& r : type.relations) {
      if (r.reverse) continue;
      PendingAsset::Edges& edges = p.edges(r.name);
      if (const CollectionError* failed = failed_source(r.path)) {
        edges.failure_reason = failed->reason();
        CollectionError e = *failed;
        e.part = "relationships." + std::string(r.name);
        p.errors.push_back(std::move(e));
        continue;
      }
      for (std::string_view v : select_strings(p.parts.config, r.path)) {
        std::string target = edge_target(r, v);
        if (!target.empty()) p.add_edge(r.name, std::move(target));
      }
    }
  }

  // Reverse relations: edges from the assets this one names, added once
  // every asset is read (apply_reverse_edges).
  void note_reverse_edges(const ResourceType& type, const PendingAsset& p) {
    for (const Relation& r : type.relations) {
      if (!r.reverse) continue;
      for (std::string_view v : select_strings(p.parts.config, r.path)) {
        std::string target = edge_target(r, v);
        if (!target.empty())
          reverse_.push_back({std::move(target), std::string(r.name), p.parts.id});
      }
    }
  }

  void apply_reverse_edges() {
    std::unordered_map<std::string_view, size_t> by_id;
    for (size_t i = 0; i < pending_.size(); ++i) by_id.emplace(pending_[i].parts.id, i);
    for (const ResourceType& type : resource_catalog()) {
      if (type.service != u_.service || type.global != global_) continue;
      auto failed = failed_types_.find(type.type);
      for (const Relation& r : type.relations) {
        if (!r.reverse) continue;
        for (PendingAsset& p : pending_) {
          if (p.type != r.target_type || p.relationships_unavailable) continue;
          PendingAsset::Edges& edges = p.edges(r.name);
          if (failed == failed_types_.end()) continue;
          edges.failure_reason = failed->second.reason();
          CollectionError e = failed->second;
          e.part = "relationships." + std::string(r.name);
          p.errors.push_back(std::move(e));
        }
      }
    }
    for (const ReverseEdge& e : reverse_) {
      auto it = by_id.find(e.target);
      if (it == by_id.end()) continue;
      PendingAsset& target = pending_[it->second];
      if (target.relationships_unavailable || !target.edges(e.relation).failure_reason.empty())
        continue;
      target.add_edge(e.relation, e.source);
    }
  }

  void read_settings() {
    const std::vector<AccountSetting>& settings = account_settings();
    for (size_t i = 0; i < settings.size(); ++i) {
      const AccountSetting& s = settings[i];
      if (s.service != u_.service || (s.scope == SettingScope::Global) != global_) continue;
      if (!files_.count(std::string(s.operation)))
        continue;  // the account builder reports it missing
      fs::path path = u_.dir / (std::string(s.operation) + ".json");
      CaptureFile f = load(path, s.operation);
      SettingValue v;
      v.setting = i;
      v.region = u_.region;
      v.error.operation = std::string(s.operation);
      if (f.state == CaptureFile::State::Error) {
        v.state = SettingValue::State::Failed;
        for (std::string_view absent : s.absent_codes)
          if (f.code == absent) v.state = SettingValue::State::Absent;
        v.error.code = f.code;
        v.error.message = f.message;
      } else if (f.state != CaptureFile::State::Ok) {
        ++out_.malformed_files;
        out_.problems.push_back(fmt::format("{}: {}", path.string(), f.message));
        v.state = SettingValue::State::Failed;
        v.error.code = f.code;
        v.error.message = fmt::format("{}: {}", path.string(), f.message);
      } else {
        simdjson::dom::element value = f.root;  // the output unchanged (catalog.h, naming rule)
        if (s.decode == SettingDecode::CredentialReportRoot) {
          Result<JsonTree> root = credential_report_row(value, "<root_account>");
          if (root.ok()) {
            v.value = std::move(root).value();
          } else {
            v.state = SettingValue::State::Failed;
            v.error.code = "MalformedCredentialReport";
            v.error.message = fmt::format("{}: {}", path.string(), root.error().message);
          }
        } else {
          v.value = JsonTree::copy_of(value);
        }
      }
      out_.settings.push_back(std::move(v));
    }
  }

  struct ReverseEdge {
    std::string target, relation, source;
  };

  const Unit& u_;
  bool global_;
  UnitOutput out_;
  FileStore store_;
  FolderJoins joins_{u_.dir, store_};
  std::set<std::string> files_, dirs_;
  std::vector<PendingAsset> pending_;
  std::vector<ReverseEdge> reverse_;
  std::unordered_map<std::string, CollectionError> failed_parts_;  // of the item being read
  std::unordered_map<std::string_view, CollectionError> failed_types_;
};

}  // namespace

UnitOutput read_unit(const Unit& unit) { return UnitReader(unit).run(); }

}  // namespace vigil::aws
