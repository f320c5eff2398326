// See limit_option.h.
#include "cli/limit_option.h"

namespace vigil::cli {

void add_limit_option(CLI::App& cmd, Limits& limits) {
  cmd.add_option_function<std::vector<std::string>>(
         "--limit",
         [&limits](const std::vector<std::string>& assignments) {
           for (const std::string& assignment : assignments)
             if (Status set = set_limit_assignment(limits, assignment); !set.ok())
               throw CLI::ValidationError("--limit", set.error().message);
         },
         "Raise or lower a bound on untrusted input (repeatable): NAME=VALUE, e.g. "
         "evaluation_steps=20000000 or http_response_bytes=512MiB (docs/limits.md)")
      ->type_name("NAME=VALUE");
}

}  // namespace vigil::cli
