// PolicySet: files -> reader -> compiler -> indexes by id and resource type.
#include "policy/policy_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/suggest.h"
#include "policy/policy_compiler.h"
#include "policy/policy_reader.h"
#include "yaml/scalar_position.h"

namespace vigil {

namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

Diagnostic file_error(const std::string& path, std::string message, std::string hint) {
  Diagnostic d;
  d.pos.file = path;
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

bool is_policy_file(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

struct PolicySet::Impl {
  std::vector<std::unique_ptr<CompiledPolicy>> all;
  StringMap<std::vector<const CompiledPolicy*>> by_type;
  StringMap<const CompiledPolicy*> by_id;
};

// Shared by load() and load_text(): one file's text through both stages.
class PolicyLoader {
 public:
  PolicyLoader(const LoadOptions& options, PolicySet::LoadResult& result)
      : options_(options), result_(result) {}

  void add_text(std::string_view text, const std::string& file) {
    std::vector<policy_detail::ReadPolicy> policies;
    policy_detail::read_policies(text, file, policies, result_.diagnostics);
    read_ += policies.size();
    yaml::LineIndex lines(text);
    for (auto& [policy, valid] : policies) {
      size_t before = result_.diagnostics.size();
      bool keep = valid;
      if (valid) {
        auto [first, inserted] = first_seen_.emplace(policy.id, policy.id_pos);
        if (!inserted) {
          Diagnostic d;
          d.pos = policy.id_pos;
          d.message = fmt::format("duplicate policy id '{}' (first defined at {}:{}:{})", policy.id,
                                  first->second.file, first->second.line, first->second.column);
          d.hint = "policy ids must be unique across all loaded files; rename one of them";
          result_.diagnostics.push_back(std::move(d));
          keep = false;
        }
      } else if (!policy.id.empty()) {
        first_seen_.emplace(policy.id, policy.id_pos);
      }
      if (valid && !known_type(policy)) keep = false;
      std::unique_ptr<CompiledPolicy> compiled;
      if (!policy.condition.text.empty()) {
        // Broken documents are compiled too, to report their CEL errors in the same run.
        const std::map<std::string, cel::Value>* overrides = nullptr;
        if (auto it = options_.param_overrides.find(policy.id);
            it != options_.param_overrides.end()) {
          overrides = &it->second;
        }
        const std::map<std::string, SourcePos>* places = nullptr;
        if (auto it = options_.override_places.params.find(policy.id);
            it != options_.override_places.params.end())
          places = &it->second;
        compiled = policy_detail::compile_policy(std::move(policy), overrides, result_.diagnostics,
                                                 places, options_.limits);
      }
      for (size_t i = before; i < result_.diagnostics.size(); ++i) {
        Diagnostic& d = result_.diagnostics[i];
        if (d.source_line.empty() && d.pos.file == file)
          d.source_line = lines.line_text(d.pos.line);
        else if (d.source_line.empty() && d.pos.line > 0)  // an override, in vigil.yaml
          d.source_line = read_source_line(d.pos.file, d.pos.line);
      }
      if (!keep || !compiled) continue;
      apply_deployment_overrides(compiled->policy);
      if (!compiled->policy.enabled && !options_.include_disabled) continue;
      result_.set.impl_->all.push_back(std::move(compiled));
    }
  }

  // An error about a deployment override, at the place it was written
  // when known (vigil.yaml), with a did-you-mean over the loaded ids.
  void override_error(const SourcePos* at, std::string message) {
    Diagnostic d =
        file_error("", std::move(message), "check the policy id (see `vigil policy list`)");
    if (at) {
      d.pos = *at;
      d.source_line = read_source_line(at->file, at->line);
    }
    result_.diagnostics.push_back(std::move(d));
  }
  const SourcePos* place(const std::map<std::string, SourcePos>& places, const std::string& id) {
    auto it = places.find(id);
    return it == places.end() ? nullptr : &it->second;
  }
  std::string did_you_mean(const std::string& id) const {
    std::vector<std::string> ids;
    for (const auto& [known, pos] : first_seen_) ids.push_back(known);
    std::string near = closest(id, ids);
    return near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near);
  }

  void finish() {
    const OverridePlaces& places = options_.override_places;
    for (const auto& [id, params] : options_.param_overrides) {
      if (first_seen_.count(id)) continue;
      const SourcePos* at = nullptr;
      if (auto it = places.params.find(id); it != places.params.end() && !it->second.empty())
        at = &it->second.begin()->second;
      override_error(at, fmt::format("parameter overrides name policy '{}', which is not among "
                                     "the loaded policies{}",
                                     id, did_you_mean(id)));
    }
    auto unknown_id = [&](const std::string& id, std::string_view what,
                          const std::map<std::string, SourcePos>& where) {
      if (first_seen_.count(id)) return;
      override_error(place(where, id),
                     fmt::format("{} names policy '{}', which is not among the loaded policies{}",
                                 what, id, did_you_mean(id)));
    };
    for (const std::string& id : options_.disable) {
      unknown_id(id, "the disable list", places.disable);
      if (options_.enable.count(id))
        result_.diagnostics.push_back(
            file_error("", fmt::format("policy '{}' is both enabled and disabled", id),
                       "keep the id in only one of the two lists"));
    }
    for (const std::string& id : options_.enable) unknown_id(id, "the enable list", places.enable);
    for (const auto& [id, severity] : options_.severity_overrides)
      unknown_id(id, "a severity override", places.severity);
    auto& impl = *result_.set.impl_;
    for (const auto& p : impl.all) {
      impl.by_id.emplace(p->policy.id, p.get());
      if (p->policy.enabled) impl.by_type[p->policy.resource].push_back(p.get());
    }
  }

 private:
  // False (after reporting) when the policy's type is in a connector's
  // namespace but no connector produces it.
  bool known_type(const Policy& policy) {
    const std::vector<std::string>& known = options_.known_types;
    if (known.empty() || std::find(known.begin(), known.end(), policy.resource) != known.end())
      return true;
    std::string_view ns =
        std::string_view(policy.resource).substr(0, policy.resource.find('.') + 1);
    bool claimed = !ns.empty() && ns.back() == '.' &&
                   std::any_of(known.begin(), known.end(),
                               [&](const std::string& t) { return t.starts_with(ns); });
    if (!claimed) return true;
    Diagnostic d;
    d.pos = policy.resource_pos.line > 0 ? policy.resource_pos : policy.pos;
    d.message = fmt::format(
        "no connector produces assets of type '{}', so this policy would never match anything",
        policy.resource);
    std::string guess = closest(policy.resource, known);
    d.hint = guess.empty()
                 ? std::string(
                       "the asset types are listed in docs/assets.md; a custom inventory-only type "
                       "must use its own namespace (e.g. custom.widget)")
                 : fmt::format("did you mean '{}'? (asset types: docs/assets.md)", guess);
    result_.diagnostics.push_back(std::move(d));
    return false;
  }

  void apply_deployment_overrides(Policy& policy) const {
    if (options_.enable.count(policy.id)) policy.enabled = true;
    if (options_.disable.count(policy.id)) policy.enabled = false;
    if (auto it = options_.severity_overrides.find(policy.id);
        it != options_.severity_overrides.end())
      policy.severity = it->second;
  }

  const LoadOptions& options_;
  PolicySet::LoadResult& result_;
  StringMap<SourcePos> first_seen_;
  size_t read_ = 0;

 public:
  // Policy documents read, valid or not, enabled or not.
  size_t policies_read() const { return read_; }
};

PolicySet::PolicySet() : impl_(std::make_unique<Impl>()) {}
PolicySet::PolicySet(PolicySet&&) noexcept = default;
PolicySet& PolicySet::operator=(PolicySet&&) noexcept = default;
PolicySet::~PolicySet() = default;

PolicySet::LoadResult PolicySet::load(const std::vector<std::string>& paths,
                                      const LoadOptions& options) {
  namespace fs = std::filesystem;
  LoadResult result;
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      size_t before = files.size();
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && is_policy_file(it->path()))
          files.push_back(it->path().string());
      }
      if (ec) {
        result.diagnostics.push_back(
            file_error(path, fmt::format("cannot read directory: {}", ec.message()),
                       "check the path and its permissions"));
      } else if (files.size() == before) {
        // A scan with no policy would report a clean estate.
        result.diagnostics.push_back(
            file_error(path, "no policy file (*.yaml, *.yml) in this folder",
                       "pass the folder holding the policies, e.g. policies/"));
      }
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      result.diagnostics.push_back(file_error(
          path, "no such file or directory", "pass policy files (*.yaml) or folders holding them"));
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());

  PolicyLoader loader(options, result);
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      result.diagnostics.push_back(file_error(file, "cannot open file", "check its permissions"));
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    loader.add_text(text.str(), file);
  }
  loader.finish();
  if (loader.policies_read() == 0 && result.ok())
    result.diagnostics.push_back(
        file_error(paths.empty() ? std::string() : paths.front(),
                   "no policy in the files given: nothing would be checked",
                   "pass policy files (*.yaml) or folders holding them"));
  return result;
}

PolicySet::LoadResult PolicySet::load_text(std::string_view yaml, std::string file_name,
                                           const LoadOptions& options) {
  LoadResult result;
  PolicyLoader loader(options, result);
  loader.add_text(yaml, file_name);
  loader.finish();
  return result;
}

std::span<const std::unique_ptr<CompiledPolicy>> PolicySet::policies() const { return impl_->all; }

std::span<const CompiledPolicy* const> PolicySet::for_type(std::string_view type) const {
  auto it = impl_->by_type.find(type);
  if (it == impl_->by_type.end()) return {};
  return it->second;
}

const CompiledPolicy* PolicySet::find(std::string_view id) const {
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : it->second;
}

bool PolicySet::LoadResult::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return d.level == Diagnostic::Level::Error; });
}

}  // namespace vigil
