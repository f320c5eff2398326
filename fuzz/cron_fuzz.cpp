// libFuzzer target for cron expressions (vigil.yaml cadences): parse, and
// when valid, ask for the next few run times.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/cron.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256) return 0;
  auto parsed = vigil::daemon::CronSchedule::parse(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok()) return 0;
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
  for (int i = 0; i < 4; ++i) {
    auto next = parsed->next_after(t);
    if (!next) break;
    t = *next;
  }
  return 0;
}
