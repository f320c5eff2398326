// libFuzzer target for vigil.yaml: the whole configuration reader, every
// section, every diagnostic rendered.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::daemon::ConfigLoad load = vigil::daemon::load_config_text(text, "/etc/vigil/vigil.yaml");
  size_t total = 0;
  for (const auto& d : load.diagnostics) total += d.render().size();
  return total == SIZE_MAX ? 1 : 0;
}
