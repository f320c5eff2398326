// Precompiled for vigil_cli (src/cli/CMakeLists.txt): common.h plus CLI11,
// which is header-only in Debian's 2.1 and which every subcommand file
// parses through cli/commands.h. A file must still include what it uses.
#pragma once

#include "common.h"

#include <filesystem>
#include <iostream>
#include <mutex>

#include <CLI/CLI.hpp>
