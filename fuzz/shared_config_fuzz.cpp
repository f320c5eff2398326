// libFuzzer target for the shared AWS config file (~/.aws/config) and the
// SSO settings read from it (aws_client/credentials/shared_config.h, sso.h).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "aws_client/credentials/shared_config.h"
#include "aws_client/credentials/sso.h"
#include "fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  auto path = vigil::fuzz::write_file("aws/config", data, size).string();
  auto missing = (vigil::fuzz::scratch() / "aws/absent-credentials").string();
  vigil::aws::EnvLookup env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_CONFIG_FILE") return path;
    if (name == "AWS_SHARED_CREDENTIALS_FILE") return missing;
    if (name == "HOME") return vigil::fuzz::scratch().string();
    return std::nullopt;
  };
  auto config = vigil::aws::load_shared_config(env);
  if (!config.ok()) return 0;
  size_t found = 0;
  for (const auto& [name, profile] : config->profiles) {
    if (!vigil::aws::is_sso_profile(profile)) continue;
    auto settings = vigil::aws::sso_settings(*config, profile, env);
    if (settings.ok()) found += vigil::aws::sso_token_path(*settings).size();
  }
  return found == SIZE_MAX ? 1 : 0;
}
