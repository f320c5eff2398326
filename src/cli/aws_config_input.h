// Reading AWS Config snapshots / configuration items for the vigil
// subcommands (scan --aws-config, inventory list/show --aws-config): the
// same summary as a capture on stderr, plus Config's own counts.
#pragma once

#include <string>

#include "connectors/aws_config/config_reader.h"
#include "core/result.h"

namespace vigil::cli {

// Reads `path` (file or directory tree). Unless quiet, prints the summary
// (accounts, regions, types, assets, NotInAwsConfig parts, deleted and
// unsupported items, malformed files) to stderr.
Result<aws_config::AwsConfigResult> load_aws_config(const std::string& path, const Limits& limits,
                                                    bool quiet);

}  // namespace vigil::cli
