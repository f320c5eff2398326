// read_capture (capture_reader.h): walk the folders, read them in parallel,
// merge in a fixed order, add one aws.account asset per account.
#include "connectors/aws/capture_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "connectors/aws/account_asset.h"
#include "connectors/aws/capture_unit.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> sorted_subdirs(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
    if (e.is_directory(ec) && e.path().filename().string()[0] != '.') out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct AccountFolders {
  std::string account;
  std::vector<std::string> regions;  // non-global, sorted
  size_t first_unit = 0, unit_count = 0;
};

// The capture's folders: the units to read, by account, in a fixed order.
struct CaptureFolders {
  std::vector<Unit> units;
  std::vector<AccountFolders> accounts;
  std::set<std::string> region_names;
  std::set<std::string> reported;  // unknown services and operations, reported once
};

std::unique_ptr<SensitiveFilter> sensitive_filter(const CaptureOptions& options,
                                                  CaptureSummary& summary) {
  if (!options.hide_sensitive) return nullptr;
  std::string problem;
  std::unique_ptr<SensitiveFilter> sensitive =
      reader_sensitive_filter(options.sensitive_key_file, problem);
  if (!problem.empty()) summary.problems.push_back(problem);
  return sensitive;
}

// <account>/<region>/<service>: one unit per known service folder.
CaptureFolders walk_folders(const std::string& directory, const SensitiveFilter* sensitive,
                            CaptureSummary& summary) {
  CaptureFolders f;
  for (const fs::path& account_dir : sorted_subdirs(directory)) {
    AccountFolders folders;
    folders.account = account_dir.filename().string();
    folders.first_unit = f.units.size();
    for (const fs::path& region_dir : sorted_subdirs(account_dir)) {
      std::string region = region_dir.filename().string();
      f.region_names.insert(region);
      if (region != "global") folders.regions.push_back(region);
      for (const fs::path& service_dir : sorted_subdirs(region_dir)) {
        std::string service = service_dir.filename().string();
        if (!is_known_service(service)) {
          if (f.reported.insert(service).second)
            summary.problems.push_back(
                fmt::format("{}: unknown service folder \"{}\": Vigil reads none of its files; "
                            "ignored (reported once)",
                            service_dir.string(), service));
          continue;
        }
        f.units.push_back(Unit{folders.account, region, service, service_dir, sensitive});
      }
    }
    folders.unit_count = f.units.size() - folders.first_unit;
    f.accounts.push_back(std::move(folders));
  }
  return f;
}

// Reads the units on options.threads threads (0: one per core); outputs in
// unit order.
std::vector<UnitOutput> read_units(const std::vector<Unit>& units, const CaptureOptions& options) {
  std::vector<UnitOutput> outputs(units.size());
  unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, std::max<size_t>(units.size(), 1));
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  size_t done = 0;
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < units.size();) {
      outputs[i] = read_unit(units[i]);
      if (options.progress) {
        std::lock_guard lock(progress_mutex);
        options.progress(++done, units.size());
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return outputs;
}

// Merges the units' outputs into one inventory and summary, account by
// account: its aws.account asset first, then its units in folder order.
class CaptureMerge {
 public:
  CaptureMerge(CaptureResult& result, std::set<std::string>& reported)
      : inventory_(result.inventory), summary_(result.summary), reported_(reported) {}

  void account(const AccountFolders& folders, std::vector<UnitOutput>& outputs) {
    add_account_asset(folders, outputs);
    for (size_t u = folders.first_unit; u < folders.first_unit + folders.unit_count; ++u)
      unit(outputs[u]);
  }

 private:
  void add_account_asset(const AccountFolders& folders, const std::vector<UnitOutput>& outputs) {
    std::vector<const SettingValue*> settings;
    for (size_t u = folders.first_unit; u < folders.first_unit + folders.unit_count; ++u)
      for (const SettingValue& v : outputs[u].settings) settings.push_back(&v);
    Result<Asset> account =
        build_account_asset(folders.account, folders.regions, std::move(settings));
    if (account.ok()) {
      summary_.scopes.push_back(
          CollectedScope{folders.account, "global", "aws.account", true, {}, 1});
      add(std::move(account).value());
    } else {
      summary_.scopes.push_back(CollectedScope{folders.account, "global", "aws.account", false,
                                               account.error().message, 0});
      summary_.problems.push_back(
          fmt::format("account {}: {}", folders.account, account.error().message));
    }
  }

  void unit(UnitOutput& out) {
    for (Asset& asset : out.assets) add(std::move(asset));
    for (CollectedScope& scope : out.scopes) summary_.scopes.push_back(std::move(scope));
    for (std::string& p : out.problems) summary_.problems.push_back(std::move(p));
    for (const std::string& entry : out.unknown) {
      size_t tab = entry.find('\t');
      std::string key = entry.substr(0, tab);
      if (reported_.insert(key).second)
        summary_.problems.push_back(
            fmt::format("{}: unknown operation {}: Vigil does not read it; ignored (reported once)",
                        entry.substr(tab + 1), key));
    }
    summary_.failed_scopes += out.failed_scopes;
    summary_.malformed_files += out.malformed_files;
    summary_.files += out.files;
    summary_.bytes += out.bytes;
  }

  void add(Asset asset) {
    std::string id(asset.id);
    std::set<std::pair<std::string, std::string>>
        counted;  // an error counts once per (operation, code)
    JsonRef errors = asset.doc.root().find("errors");
    for (uint32_t i = 0; errors.valid() && i < errors.size(); ++i) {
      std::string op(errors.at(i).find("operation").as_string()),
          code(errors.at(i).find("code").as_string());
      if (counted.emplace(op, code).second) ++summary_.errors_by_code[code];
    }
    std::string type(asset.type);
    Status s = inventory_.add(std::move(asset));
    if (!s.ok())
      summary_.problems.push_back(
          fmt::format("{}: {}; the second one is ignored", id, s.error().message));
    else
      ++summary_.assets_by_type[type];
  }

  Inventory& inventory_;
  CaptureSummary& summary_;
  std::set<std::string>& reported_;
};

}  // namespace

std::string failed_scope_id(std::string_view account, std::string_view region,
                            std::string_view type) {
  return Asset::placeholder_id(account, region, type);
}

Result<CaptureResult> read_capture(const std::string& directory, const CaptureOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    return Error::at_offset(fmt::format("{}: not a directory; expected a capture: "
                                        "<account-id>/<region>/<service>/<Operation>.json "
                                        "(see docs/capture-format.md)",
                                        directory),
                            0);
  CaptureResult result;
  CaptureSummary& summary = result.summary;
  std::unique_ptr<SensitiveFilter> sensitive = sensitive_filter(options, summary);
  CaptureFolders folders = walk_folders(directory, sensitive.get(), summary);
  if (folders.accounts.empty())
    return Error::at_offset(
        fmt::format(
            "{}: no account folder; expected <account-id>/<region>/<service>/<Operation>.json "
            "(see docs/capture-format.md)",
            directory),
        0);
  std::vector<UnitOutput> outputs = read_units(folders.units, options);
  CaptureMerge merge(result, folders.reported);
  for (const AccountFolders& account : folders.accounts) merge.account(account, outputs);
  result.inventory.finalize();
  result.inventory.set_coverage(Coverage(summary.scopes));
  summary.accounts = folders.accounts.size();
  summary.regions = folders.region_names.size();
  summary.types = summary.assets_by_type.size();
  summary.assets = result.inventory.size();
  return result;
}

}  // namespace vigil::aws
