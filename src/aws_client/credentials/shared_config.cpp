#include "aws_client/credentials/shared_config.h"

#include "aws_client/credentials/ini_file.h"

namespace vigil::aws {
namespace {

std::string env_or(const EnvLookup& env, const char* name, std::string fallback) {
  std::optional<std::string> value = env(name);
  return value && !value->empty() ? *value : fallback;
}

std::string expand_home(const std::string& path, const EnvLookup& env) {
  if (path.size() >= 1 && path[0] == '~' && (path.size() == 1 || path[1] == '/')) {
    return env_or(env, "HOME", "") + path.substr(1);
  }
  return path;
}

void merge_section(Profile& profile, const IniSection& section, const std::string& path) {
  if (profile.origin.empty()) profile.origin = path + ":" + std::to_string(section.line);
  for (const auto& [key, value] : section.values) {
    auto line = section.lines.find(key);
    int at = line == section.lines.end() ? section.line : line->second;
    profile.values[key] = ProfileValue{value, path + ":" + std::to_string(at)};
  }
}

}  // namespace

const std::string* Profile::get(const std::string& key) const {
  auto it = values.find(key);
  return it == values.end() ? nullptr : &it->second.value;
}

std::string Profile::value_of(const std::string& key) const {
  const std::string* value = get(key);
  return value ? *value : std::string();
}

std::string Profile::where(const std::string& key) const {
  auto it = values.find(key);
  return it == values.end() ? origin : it->second.origin;
}

const Profile* SharedConfig::profile(const std::string& name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

const Profile* SharedConfig::sso_session(const std::string& name) const {
  auto it = sso_sessions.find(name);
  return it == sso_sessions.end() ? nullptr : &it->second;
}

SharedConfigPaths shared_config_paths(const EnvLookup& env) {
  SharedConfigPaths paths;
  paths.config = expand_home(env_or(env, "AWS_CONFIG_FILE", "~/.aws/config"), env);
  paths.credentials =
      expand_home(env_or(env, "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"), env);
  return paths;
}

std::string selected_profile(const EnvLookup& env) {
  return env_or(env, "AWS_PROFILE", env_or(env, "AWS_DEFAULT_PROFILE", "default"));
}

Result<SharedConfig> load_shared_config(const EnvLookup& env) {
  SharedConfigPaths paths = shared_config_paths(env);
  Result<IniFile> config = load_ini_file(paths.config);
  if (!config.ok()) return config.error();
  Result<IniFile> credentials = load_ini_file(paths.credentials);
  if (!credentials.ok()) return credentials.error();

  SharedConfig shared;
  shared.config_path = paths.config;
  shared.credentials_path = paths.credentials;
  // [default] first so that [profile default] overrides it.
  if (auto it = config->sections.find("default"); it != config->sections.end()) {
    Profile& profile = shared.profiles["default"];
    profile.name = "default";
    merge_section(profile, it->second, paths.config);
  }
  for (const auto& [section_name, section] : config->sections) {
    if (section_name.rfind("sso-session ", 0) == 0) {
      std::string name = section_name.substr(12);
      while (!name.empty() && name.front() == ' ') name.erase(0, 1);
      if (name.empty()) continue;
      Profile& session = shared.sso_sessions[name];
      session.name = name;
      merge_section(session, section, paths.config);
      continue;
    }
    if (section_name.rfind("profile ", 0) != 0) continue;
    std::string name = section_name.substr(8);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    if (name.empty()) continue;
    Profile& profile = shared.profiles[name];
    profile.name = name;
    if (name == "default") profile.origin.clear();
    merge_section(profile, section, paths.config);
  }
  for (const auto& [name, section] : credentials->sections) {
    Profile& profile = shared.profiles[name];
    profile.name = name;
    merge_section(profile, section, paths.credentials);
  }
  return shared;
}

}  // namespace vigil::aws
