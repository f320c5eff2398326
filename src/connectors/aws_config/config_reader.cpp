// read_aws_config (config_reader.h): find the files, parse them, keep the
// latest item per resource, convert, add reverse relations and account assets.
#include "connectors/aws_config/config_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "connectors/aws/account_asset.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws/path.h"
#include "connectors/aws_config/config_relations.h"
#include "connectors/aws_config/config_scopes.h"
#include "connectors/aws_config/config_sensitive.h"
#include "connectors/aws_config/config_types.h"
#include "connectors/aws_config/item_convert.h"
#include "connectors/aws_config/snapshot_file.h"
#include "core/json_error.h"

namespace vigil::aws_config {

namespace fs = std::filesystem;

namespace {

bool is_config_file(const fs::path& p) {
  std::string name = p.filename().string();
  return name.ends_with(".json") || name.ends_with(".json.gz");
}

struct Chosen {
  simdjson::dom::element item;
  std::string time;
};

class Reader {
 public:
  Reader(AwsConfigResult& result, const Limits& limits, const aws::SensitiveFilter* sensitive)
      : r_(result), limits_(limits), s_(result.summary), sensitive_(sensitive) {}

  void read_file(const fs::path& path) {
    Result<std::string> text = read_config_file(path, limits_.aws_config_file_bytes);
    if (!text.ok()) {
      malformed(path, text.error().message);
      return;
    }
    ++s_.read.files;
    s_.read.bytes += text->size();
    simdjson::padded_string& padded = texts_.emplace_back(*text);
    simdjson::dom::parser& parser = parsers_.emplace_back();
    simdjson::dom::element root;
    if (auto error = parser.parse(padded).get(root)) {
      Result<std::string> again = detail::reread_json(*text, simdjson::error_message(error));
      if (again.ok()) {  // valid JSON simdjson rejects (huge integers): read the re-serialized text
        padded = simdjson::padded_string(*again);
        if (!parser.parse(padded).get(root)) return read_document(path, root);
      }
      malformed(path, again.ok() ? std::string("invalid JSON")
                                 : fmt::format("invalid JSON at byte {}: {}", again.error().offset,
                                               again.error().message));
      return;
    }
    read_document(path, root);
  }

  void finish() {
    std::vector<aws::PendingAsset> pending;
    for (const std::string& key : order_) {
      const Chosen& c = chosen_[key];
      ItemOutcome o = convert_item(c.item);
      switch (o.kind) {
        case ItemOutcome::Kind::Deleted:
          ++s_.deleted;
          break;
        case ItemOutcome::Kind::OtherRegionCopy:
          ++s_.superseded;
          break;
        case ItemOutcome::Kind::Unsupported:
          ++s_.unsupported_types[o.resource_type];
          break;
        case ItemOutcome::Kind::AccountSetting:
          account_block_[o.account] = std::move(o.setting);
          accounts_.insert(o.account);
          break;
        case ItemOutcome::Kind::Invalid:
          s_.read.problems.push_back(fmt::format("{}: {}; skipped", key, o.message));
          break;
        case ItemOutcome::Kind::Asset:
          if (sensitive_ != nullptr)
            if (const aws::ResourceType* type = aws::find_resource_type(o.asset.type))
              hide_config_secrets(*type, o.asset.parts, *sensitive_);
          accounts_.insert(o.asset.parts.account);
          regions_[o.asset.parts.account].insert(o.asset.parts.region);
          pending.push_back(std::move(o.asset));
          break;
      }
    }
    for (const auto& [type, count] : s_.unsupported_types)
      s_.read.problems.push_back(
          fmt::format("{} item{} of resource type {}: Vigil has no asset type for it; ignored",
                      count, count == 1 ? "" : "s", type));
    s_.superseded += drop_duplicate_assets(pending);
    add_failed_scopes(pending);
    std::vector<std::pair<std::string, std::string>> failed_scopes;
    for (const FailedScope& f : failed_) failed_scopes.emplace_back(f.account, f.region);
    add_reverse_relations(pending, snapshots_, failed_scopes);
    for (const std::string& account : accounts_) add_account(account);
    for (aws::PendingAsset& p : pending) {
      Result<Asset> asset = aws::freeze_asset(p);
      if (asset.ok())
        add(std::move(asset).value());
      else
        s_.read.problems.push_back(fmt::format("asset {}: {}", p.parts.id, asset.error().message));
    }
    r_.inventory.finalize();
    std::vector<std::tuple<std::string, std::string, std::string>> failed;
    for (const FailedScope& f : failed_) failed.emplace_back(f.account, f.region, f.message);
    s_.read.scopes = collected_scopes(snapshots_, failed, r_.inventory);
    r_.inventory.set_coverage(Coverage(s_.read.scopes));
    std::set<std::string> regions;
    for (const auto& [account, rs] : regions_) regions.insert(rs.begin(), rs.end());
    s_.read.accounts = accounts_.size();
    s_.read.regions = regions.size();
    s_.read.types = s_.read.assets_by_type.size();
    s_.read.assets = r_.inventory.size();
  }

 private:
  void malformed(const fs::path& path, const std::string& message) {
    ++s_.read.malformed_files;
    std::string text = message.starts_with(path.string())
                           ? message
                           : fmt::format("{}: {}", path.string(), message);
    s_.read.problems.push_back(
        text + "; its configuration items are not in the inventory (the read is partial)");
    // A delivered file names its scope: AWSLogs/<account>/Config/<region>/...
    std::vector<std::string> parts;
    for (const fs::path& part : path) parts.push_back(part.string());
    for (size_t i = 0; i + 3 < parts.size(); ++i)
      if (parts[i] == "AWSLogs" && parts[i + 2] == "Config") {
        failed_.push_back({parts[i + 1], parts[i + 3], text});
        break;
      }
  }

  // Every type of the scope of a malformed delivered file gets the capture
  // reader's failed-scope placeholder (capture_reader.h), so its policies
  // report unknown there: regional types in the file's region, global
  // types (IAM) under "global" since any region's snapshot may hold them.
  void add_failed_scopes(std::vector<aws::PendingAsset>& pending) {
    std::set<std::string> done;
    for (const FailedScope& f : failed_) {
      accounts_.insert(f.account);
      for (const ConfigType& ct : config_types()) {
        const aws::ResourceType* rt = aws::find_resource_type(ct.vigil_type);
        if (!rt) continue;
        std::string region = rt->global ? "global" : f.region;
        std::string id = aws::failed_scope_id(f.account, region, ct.vigil_type);
        if (!done.insert(id).second) continue;
        regions_[f.account].insert(region);
        aws::PendingAsset p;
        p.type = std::string(ct.vigil_type);
        p.parts.id = id;
        p.parts.account = f.account;
        p.parts.region = region;
        p.parts.name = fmt::format("{} in {}/{} (AWS Config file unreadable)", ct.vigil_type,
                                   f.account, region);
        aws::CollectionError e{"config", "AwsConfig", "MalformedJSON", f.message};
        p.config_unavailable = p.tags_unavailable = p.relationships_unavailable = true;
        p.config_reason = p.tags_reason = p.relationships_reason = e.reason();
        for (const char* part : {"config", "tags", "relationships"}) {
          e.part = part;
          p.errors.push_back(e);
        }
        pending.push_back(std::move(p));
        ++s_.read.failed_scopes;
      }
    }
  }

  void read_document(const fs::path& path, simdjson::dom::element root) {
    simdjson::dom::array items;
    if (root.is_array()) {
      items = root.get_array().value_unsafe();
    } else if (!root["configurationItems"].get_array().get(items) ||
               !root["baseConfigurationItems"].get_array().get(items)) {
    } else if (root.is_object() && !root["resourceType"].get_string().error()) {
      take(root);
      return;
    } else {
      s_.read.problems.push_back(
          fmt::format("{}: not an AWS Config document (no configurationItems, "
                      "baseConfigurationItems or resourceType); ignored",
                      path.string()));
      return;
    }
    if (std::optional<DeliveredScope> scope = delivered_scope(path); scope && scope->snapshot)
      snapshots_.emplace(scope->account, scope->region);  // a complete listing of its scope
    for (simdjson::dom::element item : items) take(item);
  }

  void take(simdjson::dom::element item) {
    ++s_.items;
    std::string key = item_key(item);
    std::string time = item_capture_time(item);
    auto it = chosen_.find(key);
    if (it == chosen_.end()) {
      order_.push_back(key);
      chosen_.emplace(key, Chosen{item, time});
      return;
    }
    ++s_.superseded;
    if (time >= it->second.time) it->second = Chosen{item, time};
  }

  void add_account(const std::string& account) {
    std::vector<std::string> regions;
    for (const std::string& r : regions_[account])
      if (r != "global") regions.push_back(r);
    std::deque<aws::SettingValue>& values = settings_;
    std::vector<const aws::SettingValue*> pointers;
    const std::vector<aws::AccountSetting>& settings = aws::account_settings();
    for (size_t i = 0; i < settings.size(); ++i) {
      const aws::AccountSetting& s = settings[i];
      auto value = [&](const std::string& region) {
        aws::SettingValue& v = values.emplace_back();
        v.setting = i;
        v.region = region;
        auto block = account_block_.find(account);
        if (aws::config_name_of(s) == "PublicAccessBlock" && block != account_block_.end()) {
          // GetPublicAccessBlock's output shape (catalog.h naming rule).
          v.value = JsonTree::object();
          v.value.add("PublicAccessBlockConfiguration", block->second);
        } else {
          v.state = aws::SettingValue::State::Failed;
          v.error = {
              "", std::string(s.operation), "NotInAwsConfig",
              fmt::format("AWS Config does not record the {} {} output", s.service, s.operation)};
        }
        pointers.push_back(&v);
      };
      if (s.scope == aws::SettingScope::PerRegion) {
        for (const std::string& r : regions) value(r);
      } else {
        value(s.scope == aws::SettingScope::Global
                  ? "global"
                  : (regions.empty() ? "global" : regions.front()));
      }
    }
    Result<Asset> asset = aws::build_account_asset(account, regions, std::move(pointers));
    if (asset.ok())
      add(std::move(asset).value());
    else
      s_.read.problems.push_back(fmt::format("account {}: {}", account, asset.error().message));
  }

  void add(Asset asset) {
    std::string id(asset.id), type(asset.type);
    std::set<std::pair<std::string, std::string>> counted;
    JsonRef errors = asset.doc.root().find("errors");
    for (uint32_t i = 0; errors.valid() && i < errors.size(); ++i) {
      std::string op(errors.at(i).find("operation").as_string()),
          code(errors.at(i).find("code").as_string());
      if (counted.emplace(op, code).second) ++s_.read.errors_by_code[code];
    }
    Status st = r_.inventory.add(std::move(asset));
    if (!st.ok())
      s_.read.problems.push_back(
          fmt::format("{}: {}; the second one is ignored", id, st.error().message));
    else
      ++s_.read.assets_by_type[type];
  }

  AwsConfigResult& r_;
  const Limits& limits_;
  AwsConfigSummary& s_;
  std::deque<simdjson::padded_string> texts_;
  std::deque<simdjson::dom::parser>
      parsers_;  // one per file: its elements stay valid until finish()
  std::unordered_map<std::string, Chosen> chosen_;
  std::vector<std::string> order_;
  std::set<std::string> accounts_;
  std::map<std::string, std::set<std::string>> regions_;
  std::map<std::string, JsonTree> account_block_;
  std::deque<aws::SettingValue> settings_;
  struct FailedScope {
    std::string account, region, message;
  };
  std::vector<FailedScope> failed_;
  std::set<std::pair<std::string, std::string>> snapshots_;  // (account, region) of snapshots read
  const aws::SensitiveFilter* sensitive_;                    // null: values read as they are
};

}  // namespace

Result<AwsConfigResult> read_aws_config(const std::string& path, const AwsConfigOptions& options) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else if (fs::is_directory(path, ec)) {
    for (fs::recursive_directory_iterator
             it(path, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec) && is_config_file(it->path())) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    if (files.empty())
      return Error::at_offset(
          fmt::format("{}: no .json or .json.gz file; expected AWS Config snapshots "
                      "(AWSLogs/<account>/Config/<region>/.../ConfigSnapshot/*.json.gz) or "
                      "configuration items (see docs/aws-config.md)",
                      path),
          0);
  } else {
    return Error::at_offset(fmt::format("{}: no such file or directory", path), 0);
  }
  AwsConfigResult result;
  std::unique_ptr<aws::SensitiveFilter> sensitive;
  if (options.hide_sensitive) {
    std::string problem;
    sensitive = aws::reader_sensitive_filter(options.sensitive_key_file, problem);
    if (!problem.empty()) result.summary.read.problems.push_back(problem);
  }
  Reader reader(result, options.limits, sensitive.get());
  for (const fs::path& f : files) reader.read_file(f);
  reader.finish();
  return result;
}

}  // namespace vigil::aws_config
