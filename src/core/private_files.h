// Files and folders only their owner can read: captures and stores hold an
// inventory of a company's cloud, so they are created 0700 (folders) and 0600
// (files) whatever the process umask, never through a predictable temporary
// name, and never by following a symlink planted at the final name.
//
// Contract
// - create_private_directories creates each missing folder of `path` with
//   mode 0700 (folders that already exist are left as they are).
// - write_private_file writes `text` to a fresh temporary file in the target
//   folder (mkstemp: O_CREAT|O_EXCL, mode 0600), then renames it over `path`.
//   rename() replaces a symlink at `path` rather than writing through it, and
//   a reader never sees half a file. Errors name the path and the OS reason.
// - create_private_file creates `path` empty with mode 0600 if nothing is
//   there (O_CREAT|O_EXCL: never through a symlink); an existing file is
//   kept as it is; a dangling symlink is refused. SQLite then gives its -wal and -shm files the
//   same mode.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace vigil {

Status create_private_directories(const std::filesystem::path& path);
Status write_private_file(const std::filesystem::path& path, std::string_view text);
Status create_private_file(const std::filesystem::path& path);
// Creates `path` holding `text` (0600, folders 0700) only if nothing is
// there: written to a mkstemp name, then link()ed, which fails when the name
// exists, so concurrent creators agree on one content. True when this call
// created it, false when it existed already.
Result<bool> create_private_file_with(const std::filesystem::path& path, std::string_view text);

}  // namespace vigil
