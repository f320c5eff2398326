// Parts of a live collection through the jobs table (capture_part.h).
#include "daemon/capture_part.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace vigil::daemon {

namespace fs = std::filesystem;

namespace {

int64_t mtime_ms(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return 0;
  return int64_t{st.st_mtim.tv_sec} * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

void set_mtime_ms(const fs::path& file, int64_t ms) {
  struct timespec times[2];
  times[0].tv_sec = times[1].tv_sec = ms / 1000;
  times[0].tv_nsec = times[1].tv_nsec = (ms % 1000) * 1'000'000;
  ::utimensat(AT_FDCWD, file.c_str(), times, 0);
}

nlohmann::json summary_json(const aws::CollectSummary& s) {
  nlohmann::json failures = nlohmann::json::array(), accounts = nlohmann::json::array();
  for (const aws::CallFailure& f : s.failures)
    failures.push_back({{"account", f.account},
                        {"region", f.region},
                        {"service", f.service},
                        {"operation", f.operation},
                        {"key", f.key},
                        {"code", f.code},
                        {"message", f.message}});
  for (const aws::AccountFailure& f : s.account_failures)
    accounts.push_back({{"account", f.account},
                        {"credentials", f.credentials},
                        {"code", f.code},
                        {"message", f.message}});
  return {{"not_configured", s.not_configured}, {"failures", failures},
          {"account_failures", accounts},       {"calls", s.client.calls},
          {"retries", s.client.retries},        {"throttles", s.client.throttles},
          {"errors", s.client.errors},          {"seconds", s.seconds}};
}

// Adds one part's summary to `into` (account failures once per account).
void merge_summary(const nlohmann::json& j, aws::CollectSummary& into) {
  into.not_configured += j.at("not_configured").get<uint64_t>();
  for (const auto& f : j.at("failures"))
    into.failures.push_back({f.at("account"), f.at("region"), f.at("service"), f.at("operation"),
                             f.at("key"), f.at("code"), f.at("message")});
  for (const auto& f : j.at("account_failures")) {
    std::string account = f.at("account");
    bool known = std::any_of(into.account_failures.begin(), into.account_failures.end(),
                             [&](const aws::AccountFailure& a) { return a.account == account; });
    if (!known)
      into.account_failures.push_back(
          {account, f.at("credentials"), f.at("code"), f.at("message")});
  }
  into.client.calls += j.at("calls").get<uint64_t>();
  into.client.retries += j.at("retries").get<uint64_t>();
  into.client.throttles += j.at("throttles").get<uint64_t>();
  into.client.errors += j.at("errors").get<uint64_t>();
  into.seconds = std::max(into.seconds, j.at("seconds").get<double>());
}

// A part's relative path, refused unless it stays below the folder.
Result<fs::path> safe_relative(const std::string& path) {
  fs::path p(path);
  bool bad = path.empty() || p.is_absolute();
  for (const fs::path& part : p)
    if (part == ".." || part == "." || part.empty()) bad = true;
  if (bad)
    return Error(fmt::format("a collected file's path '{}' is not a plain relative path", path))
        .with_kind(Error::Kind::Corrupt);
  return p;
}

Status write_private_file(const fs::path& file, const std::string& text) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec)
    return Error(fmt::format("cannot create {}: {}", file.parent_path().string(), ec.message()))
        .with_kind(Error::Kind::Io);
  fs::permissions(file.parent_path(), fs::perms::owner_all, fs::perm_options::replace, ec);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Error(fmt::format("cannot write {}", file.string())).with_kind(Error::Kind::Io);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                  ec);
  return Status::Ok();
}

}  // namespace

Result<std::string> pack_capture_part(const aws::CollectionRun& run, const fs::path& dir) {
  nlohmann::json files = nlohmann::json::array();
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({{"path", fs::relative(it->path(), dir).generic_string()},
                     {"mtime_ms", mtime_ms(it->path())},
                     {"text", text.str()}});
  }
  if (ec)
    return Error(fmt::format("reading the collected folder {}: {}", dir.string(), ec.message()))
        .with_kind(Error::Kind::Io);
  nlohmann::json part = {{"summary", summary_json(run.summary)}, {"files", std::move(files)}};
  try {
    return part.dump();
  } catch (const nlohmann::json::exception& e) {
    return Error(fmt::format("a collected file is not UTF-8 text: {}", e.what()))
        .with_kind(Error::Kind::Corrupt);
  }
}

Result<aws::CollectionRun> unpack_capture_parts(const std::vector<std::string>& parts,
                                                const fs::path& dir,
                                                std::vector<std::string> regions,
                                                std::vector<std::string> types) {
  aws::CollectionRun run;
  run.regions = std::move(regions);
  run.types = std::move(types);
  std::set<std::string> accounts, scopes;
  for (size_t i = 0; i < parts.size(); ++i) {
    nlohmann::json part = nlohmann::json::parse(parts[i], nullptr, /*allow_exceptions=*/false);
    try {
      if (!part.is_object()) throw std::runtime_error("not a JSON object");
      merge_summary(part.at("summary"), run.summary);
      for (const auto& f : part.at("files")) {
        auto relative = safe_relative(f.at("path").get<std::string>());
        if (!relative.ok()) return relative.error();
        fs::path file = dir / *relative;
        if (Status written = write_private_file(file, f.at("text").get<std::string>());
            !written.ok())
          return written.error();
        set_mtime_ms(file, f.at("mtime_ms").get<int64_t>());
        run.summary.files += 1;
        auto component = relative->begin();
        accounts.insert(component->string());
        if (std::next(component) != relative->end())
          scopes.insert(component->string() + "/" + std::next(component)->string());
      }
    } catch (const std::exception& e) {
      return Error(fmt::format("collected part {} of {} is malformed: {}", i + 1, parts.size(),
                               e.what()))
          .with_kind(Error::Kind::Corrupt);
    }
  }
  run.summary.accounts = accounts.size();
  run.summary.regions = scopes.size();
  return run;
}

}  // namespace vigil::daemon
