// Profiles from the shared AWS files: ~/.aws/config and ~/.aws/credentials
// (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE override the paths; HOME
// locates ~). Either file may be absent.
//
// Section rules (as the AWS CLI reads them):
//  - config: "[profile NAME]" is profile NAME; "[default]" is default
//    ("[profile default]" wins over it); other sections ("[sso-session x]",
//    "[services x]", a bare "[x]") are not profiles; "[sso-session x]"
//    sections are kept apart, in SharedConfig::sso_sessions.
//  - credentials: "[NAME]" is profile NAME.
//  - A profile's keys are the config file's, overridden key by key by the
//    credentials file's.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "aws_client/transport/endpoints.h"  // EnvLookup
#include "core/result.h"

namespace vigil::aws {

struct ProfileValue {
  std::string value;
  std::string origin;  // "path:line"
};

struct Profile {
  std::string name;
  std::map<std::string, ProfileValue> values;
  std::string origin;  // where the profile's section is ("path:line"), first file that has it

  const std::string* get(const std::string& key) const;  // nullptr when unset
  std::string value_of(const std::string& key) const;    // "" when unset
  std::string where(const std::string& key) const;       // origin of key, else of the profile
};

struct SharedConfig {
  std::string config_path, credentials_path;
  std::map<std::string, Profile> profiles;
  // The config file's "[sso-session NAME]" sections, by NAME (the values of
  // a profile's sso_session setting).
  std::map<std::string, Profile> sso_sessions;

  const Profile* profile(const std::string& name) const;      // nullptr when absent
  const Profile* sso_session(const std::string& name) const;  // nullptr when absent
};

struct SharedConfigPaths {
  std::string config, credentials;
};
SharedConfigPaths shared_config_paths(const EnvLookup& env);
Result<SharedConfig> load_shared_config(const EnvLookup& env);
// The profile the environment selects: AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default".
std::string selected_profile(const EnvLookup& env);

}  // namespace vigil::aws
