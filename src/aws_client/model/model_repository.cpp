// ModelRepository: finds <root>/<service>/<newest api version>/service-2.json
// (+ paginators-1.json), parses it once per process and caches the model.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "aws_client/model/service_model.h"

namespace vigil::aws {

namespace {

namespace fs = std::filesystem;

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(fmt::format("cannot read {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<nlohmann::ordered_json> parse_file(const fs::path& path) {
  Result<std::string> text = read_file(path);
  if (!text.ok()) return text.error();
  try {
    return nlohmann::ordered_json::parse(*text);
  } catch (const nlohmann::json::parse_error& e) {
    Error err;
    err.message = fmt::format("{}: malformed JSON ({})", path.string(), e.what());
    err.file = path.string();
    err.offset = e.byte;
    return err;
  }
}

// The newest API version directory (names are dates, so the greatest name)
// that holds a service-2.json.
Result<fs::path> newest_version_dir(const fs::path& service_dir) {
  std::error_code ec;
  if (!fs::is_directory(service_dir, ec))
    return Error(fmt::format(
        "no botocore model for this service: {} does not exist (is python3-botocore installed, or "
        "is the model directory right?)",
        service_dir.string()));
  fs::path best;
  for (const auto& entry : fs::directory_iterator(service_dir, ec)) {
    if (!entry.is_directory() || !fs::exists(entry.path() / "service-2.json")) continue;
    if (best.empty() || entry.path().filename().string() > best.filename().string())
      best = entry.path();
  }
  if (best.empty())
    return Error(fmt::format("{} has no <api-version>/service-2.json", service_dir.string()));
  return best;
}

}  // namespace

ModelRepository::ModelRepository(std::string root) : root_(std::move(root)) {}

Result<std::shared_ptr<const ServiceModel>> ModelRepository::service(std::string_view name) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  if (name.empty() || name.find('/') != std::string_view::npos ||
      name.find("..") != std::string_view::npos)
    return Error(fmt::format("'{}' is not a botocore service name", name));
  Result<fs::path> dir = newest_version_dir(fs::path(root_) / std::string(name));
  if (!dir.ok()) return dir.error();
  fs::path service_file = *dir / "service-2.json";
  Result<nlohmann::ordered_json> service = parse_file(service_file);
  if (!service.ok()) return service.error();
  nlohmann::ordered_json paginators;
  fs::path paginator_file = *dir / "paginators-1.json";
  if (fs::exists(paginator_file)) {
    Result<nlohmann::ordered_json> parsed = parse_file(paginator_file);
    if (!parsed.ok()) return parsed.error();
    paginators = std::move(*parsed);
  }
  auto model = ServiceModel::from_ordered_json(*service, paginators, service_file.string());
  if (!model.ok()) return model.error();
  cache_.emplace(std::string(name), *model);
  return *model;
}

}  // namespace vigil::aws
