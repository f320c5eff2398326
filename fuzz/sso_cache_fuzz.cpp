// libFuzzer target for the SSO token cache (aws_client/credentials/sso.h):
// the input is the cached token file `aws sso login` writes.
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "aws_client/credentials/sso.h"
#include "fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  vigil::aws::SsoSettings settings;
  settings.profile = "fuzz";
  settings.session_name = "corp";
  settings.cache_dir = (vigil::fuzz::scratch() / "sso").string();
  auto path = vigil::aws::sso_token_path(settings);
  vigil::fuzz::write_file(path.substr(vigil::fuzz::scratch().string().size() + 1), data, size);
  auto token = vigil::aws::load_sso_token(settings, std::chrono::system_clock::time_point{});
  return token.ok() && token->access_token.size() == SIZE_MAX ? 1 : 0;
}
