#include "policy/frameworks.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "yaml/load.h"

namespace vigil {
namespace {

Error at(const std::string& file, const YAML::Mark& mark, std::string message) {
  Error e;
  e.message = std::move(message);
  e.file = file;
  e.line = mark.line + 1;
  e.column = mark.column + 1;
  return e;
}

Error located(Error e) {
  if (!e.file.empty()) e.message = fmt::format("{}:{}:{}: {}", e.file, e.line, e.column, e.message);
  return e;
}

Result<std::string> scalar(const std::string& file, const YAML::Node& map, const char* key,
                           bool required) {
  YAML::Node node = map[key];
  if (!node) {
    if (!required) return std::string();
    return located(at(file, map.Mark(), fmt::format("missing required key '{}'", key)));
  }
  if (!node.IsScalar())
    return located(at(file, node.Mark(), fmt::format("'{}' must be a string", key)));
  return node.Scalar();
}

std::vector<int> control_order(const std::string& id) {
  std::vector<int> parts;
  size_t start = 0;
  while (start <= id.size()) {
    size_t dot = id.find('.', start);
    std::string part = id.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    parts.push_back(
        std::all_of(part.begin(), part.end(), ::isdigit) && !part.empty() ? std::stoi(part) : 0);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

}  // namespace

Result<FrameworkCatalog> load_framework_catalog(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    Error error;
    error.message = fmt::format("{}: cannot open the framework catalogue", file);
    return error;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  yaml::YamlDocument loaded = yaml::load(text);
  if (loaded.problem)
    return Error(yaml::to_diagnostic(*loaded.problem, file, text).render(), file,
                 loaded.problem->line, loaded.problem->column)
        .with_kind(Error::Kind::InvalidInput)
        .with_code(yaml::problem_code(loaded.problem->kind));
  const YAML::Node& root = loaded.root;
  if (!root.IsMap())
    return located(
        at(file, root.Mark(), "a framework catalogue must be a map with id, name, controls"));
  FrameworkCatalog catalog;
  catalog.file = file;
  for (auto [key, slot, required] :
       {std::tuple{"id", &catalog.id, true}, std::tuple{"name", &catalog.name, true},
        std::tuple{"version", &catalog.version, false}}) {
    auto value = scalar(file, root, key, required);
    if (!value.ok()) return value.error();
    *slot = std::move(value.value());
  }
  YAML::Node controls = root["controls"];
  if (!controls || !controls.IsSequence())
    return located(at(file, controls ? controls.Mark() : root.Mark(),
                      "'controls' must be a list of {id, title}"));
  std::set<std::string> seen;
  for (const YAML::Node& node : controls) {
    if (!node.IsMap())
      return located(
          at(file, node.Mark(), "a control must be a map {id, title, level, assessment, audit}"));
    FrameworkControl control;
    for (auto [key, slot, required] :
         {std::tuple{"id", &control.id, true}, std::tuple{"title", &control.title, true},
          std::tuple{"level", &control.level, false},
          std::tuple{"assessment", &control.assessment, false},
          std::tuple{"audit", &control.audit, false}}) {
      auto value = scalar(file, node, key, required);
      if (!value.ok()) return value.error();
      *slot = std::move(value.value());
    }
    if (!control.assessment.empty() && control.assessment != "automated" &&
        control.assessment != "manual")
      return located(
          at(file, node["assessment"].Mark(), "'assessment' must be automated or manual"));
    if (!seen.insert(control.id).second)
      return located(
          at(file, node["id"].Mark(), fmt::format("duplicate control id '{}'", control.id)));
    catalog.controls.push_back(std::move(control));
  }
  return catalog;
}

Result<std::vector<FrameworkCatalog>> load_framework_catalogs(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() &&
        (it->path().extension() == ".yaml" || it->path().extension() == ".yml"))
      files.push_back(it->path().string());
  if (ec) {
    Error error;
    error.message =
        fmt::format("{}: cannot read the framework catalogues: {}", directory, ec.message());
    return error;
  }
  std::sort(files.begin(), files.end());
  std::vector<FrameworkCatalog> catalogs;
  for (const std::string& file : files) {
    auto catalog = load_framework_catalog(file);
    if (!catalog.ok()) return catalog.error();
    catalogs.push_back(std::move(catalog.value()));
  }
  return catalogs;
}

size_t FrameworkCoverage::covered() const {
  return std::count_if(controls.begin(), controls.end(),
                       [](const ControlCoverage& c) { return !c.policies.empty(); });
}

size_t FrameworkCoverage::covered(std::string_view assessment) const {
  return std::count_if(controls.begin(), controls.end(), [&](const ControlCoverage& c) {
    return c.control->assessment == assessment && !c.policies.empty();
  });
}

size_t FrameworkCoverage::total(std::string_view assessment) const {
  return std::count_if(controls.begin(), controls.end(), [&](const ControlCoverage& c) {
    return c.control->assessment == assessment;
  });
}

FrameworkCoverage framework_coverage(const FrameworkCatalog& catalog, const PolicySet& policies) {
  FrameworkCoverage coverage;
  std::map<std::string, size_t, std::less<>> index;
  for (const FrameworkControl& control : catalog.controls) {
    index.emplace(control.id, coverage.controls.size());
    coverage.controls.push_back({&control, {}});
  }
  for (const auto& compiled : policies.policies()) {
    const Policy& policy = compiled->policy;
    if (!policy.enabled) continue;
    auto mapping = policy.frameworks.find(catalog.id);
    if (mapping == policy.frameworks.end()) continue;
    for (const std::string& control : mapping->second) {
      auto found = index.find(control);
      if (found == index.end()) {
        coverage.unknown_controls.emplace_back(policy.id, control);
        continue;
      }
      auto& ids = coverage.controls[found->second].policies;
      if (std::find(ids.begin(), ids.end(), policy.id) == ids.end()) ids.push_back(policy.id);
    }
  }
  std::stable_sort(coverage.controls.begin(), coverage.controls.end(),
                   [](const auto& a, const auto& b) {
                     return control_order(a.control->id) < control_order(b.control->id);
                   });
  return coverage;
}

std::vector<FrameworkUsage> framework_usage(const PolicySet& policies) {
  std::map<std::string, std::pair<size_t, std::set<std::string>>> usage;
  for (const auto& compiled : policies.policies()) {
    if (!compiled->policy.enabled) continue;
    for (const auto& [framework, controls] : compiled->policy.frameworks) {
      auto& entry = usage[framework];
      ++entry.first;
      entry.second.insert(controls.begin(), controls.end());
    }
  }
  std::vector<FrameworkUsage> out;
  for (auto& [id, entry] : usage) out.push_back({id, entry.first, entry.second.size()});
  return out;
}

}  // namespace vigil
