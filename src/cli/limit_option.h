// --limit NAME=VALUE (repeatable): the bounds of core/limits.h on the
// command line, as `limits:` sets them in vigil.yaml. A bad name or value is
// a usage error naming the allowed limits.
#pragma once

#include <CLI/CLI.hpp>

#include "core/limits.h"

namespace vigil::cli {

void add_limit_option(CLI::App& cmd, Limits& limits);

}  // namespace vigil::cli
