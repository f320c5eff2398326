// Reading one AWS Config file from disk: gzipped (as Config delivers
// snapshots to S3, "*.json.gz") or plain, detected by the gzip magic bytes,
// not by the name.
#pragma once

#include <filesystem>
#include <string>

#include "core/limits.h"
#include "core/result.h"

namespace vigil::aws_config {

// The most text one file may hold, decompressed, unless limits say otherwise
// (aws_config_file_bytes): a 400 KB gzip bomb inflated to 1.8 GB on main.
// Larger files are an error, read no further.
inline constexpr size_t kMaxConfigFileBytes = Limits{}.aws_config_file_bytes;

// The file's (decompressed) text. Errors name the file: unreadable, larger
// than `max_bytes` (plain, or once decompressed: inflating stops there), or
// a corrupt/truncated gzip stream (with the compressed byte offset reached).
// Concatenated gzip members are all decompressed.
Result<std::string> read_config_file(const std::filesystem::path& path,
                                     size_t max_bytes = kMaxConfigFileBytes);

}  // namespace vigil::aws_config
