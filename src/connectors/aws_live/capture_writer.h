// Writing capture files (docs/capture-format.md) from live API outputs.
//
// Contract:
//  - Output files hold the call's output as the AWS CLI prints it: JSON
//    with 4-space indentation and a final newline; members sorted by name.
//  - Error files hold exactly {"Error": {"Code": <code>, "Message": <message>}},
//    the layout capture_files.h reads back as CaptureFile::State::Error.
//  - Per-resource files are <Operation>/<resource_file_name(key)>
//    (capture_files.h: the percent-encoded key, hashed when too long); a
//    fan-out call's are <Operation>/<resource_folder_name(key)>/<resource_file_name(key2)>.
//  - Files are private (core/private_files.h): folders 0700, files 0600
//    whatever the umask, written to a mkstemp name and renamed, so a reader
//    never sees half a file. Thread-safe (distinct paths).
//  - A write failure is an Error naming the path and the OS reason.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vigil::aws {

// <root>/<account>/<region>/<service>
std::filesystem::path folder_path(const std::filesystem::path& root, std::string_view account,
                                  std::string_view region, std::string_view service);
// <folder>/<Operation>.json (a region-wide call).
std::filesystem::path list_path(const std::filesystem::path& folder, std::string_view operation);
// <folder>/<Operation>/<resource_file_name(key)> (a per-resource call).
std::filesystem::path resource_path(const std::filesystem::path& folder, std::string_view operation,
                                    std::string_view key);
// <folder>/<Operation>/<resource_folder_name(key)>/<resource_file_name(key2)>
// (a fan-out call, catalog.h).
std::filesystem::path fan_out_path(const std::filesystem::path& folder, std::string_view operation,
                                   std::string_view key, std::string_view key2);

// The file text of an output / of an error.
std::string output_text(const nlohmann::json& output);
std::string error_text(std::string_view code, std::string_view message);

// Writes one capture file (private, parent folders created). After
// close_capture_writes() it writes nothing and returns an error: a process
// removing its temporary captures on the way out (a second SIGTERM) must not
// have a collector thread recreate them.
Status write_capture_file(const std::filesystem::path& path, std::string_view text);
// Stops every later write_capture_file, waiting for the writes under way.
void close_capture_writes();

}  // namespace vigil::aws
