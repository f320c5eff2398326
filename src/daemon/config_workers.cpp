// vigil.yaml `workers:` (config.h WorkersConfig, docs/scaling.md).
#include <fmt/format.h>

#include "daemon/config_reader.h"

namespace vigil::daemon::detail {

void ConfigReader::read_workers(const YAML::Node& key, const YAML::Node& value, Config& config) {
  WorkersConfig& w = config.workers;
  for_keys(value, &key, "'workers'", {"enabled", "lease", "attempts", "job_folders"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             const std::string& name = k.Scalar();
             if (name == "enabled") {
               read_bool(k, v, w.enabled);
             } else if (name == "lease") {
               Seconds s{0};
               if (!read_duration(k, v, s)) return;
               if (s < std::chrono::seconds(3)) {
                 error(at(v), "'lease' must be at least 3s",
                       "a worker renews its lease every third of it; write e.g. `lease: 60s`");
                 return;
               }
               w.lease = s;
             } else if (name == "attempts") {
               double n = 0;
               if (!read_number(k, v, n)) return;
               if (n < 1 || n > 100 || n != static_cast<double>(static_cast<int>(n))) {
                 error(at(v), "'attempts' must be a whole number from 1 to 100",
                       "write e.g. `attempts: 3`");
                 return;
               }
               w.attempts = static_cast<int>(n);
             } else if (name == "job_folders") {
               double n = 0;
               if (!read_number(k, v, n)) return;
               if (n < 1 || n > 100000 || n != static_cast<double>(static_cast<size_t>(n))) {
                 error(at(v), "'job_folders' must be a whole number from 1 to 100000",
                       "write e.g. `job_folders: 64` (account x region folders per job)");
                 return;
               }
               w.job_folders = static_cast<size_t>(n);
             }
           });
}

}  // namespace vigil::daemon::detail
