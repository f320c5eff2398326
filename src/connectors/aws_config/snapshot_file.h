// Reading one AWS Config file from disk: gzipped (as Config delivers
// snapshots to S3, "*.json.gz") or plain, detected by the gzip magic bytes,
// not by the name.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"

namespace vigil::aws_config {

// The file's (decompressed) text. Errors name the file: unreadable, or a
// corrupt/truncated gzip stream (with the compressed byte offset reached).
// Concatenated gzip members are all decompressed.
Result<std::string> read_config_file(const std::filesystem::path& path);

}  // namespace vigil::aws_config
