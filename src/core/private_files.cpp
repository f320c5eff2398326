// See private_files.h.
#include "core/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace vigil {

namespace fs = std::filesystem;

namespace {

Error os_error(const std::string& what, const fs::path& path, int err) {
  return Error("cannot " + what + " " + path.string() + ": " + std::strerror(err));
}

}  // namespace

Status create_private_directories(const fs::path& path) {
  if (path.empty()) return {};
  std::error_code ec;
  if (fs::is_directory(path, ec)) return {};
  fs::path parent = path.parent_path();
  if (!parent.empty() && parent != path)
    if (Status s = create_private_directories(parent); !s.ok()) return s;
  if (::mkdir(path.c_str(), 0700) != 0) {
    if (errno == EEXIST && fs::is_directory(path, ec)) return {};
    return os_error("create the folder", path, errno);
  }
  // mkdir applies the umask; the mode is set exactly.
  if (::chmod(path.c_str(), 0700) != 0) return os_error("set the mode of", path, errno);
  return {};
}

Status write_private_file(const fs::path& path, std::string_view text) {
  fs::path folder = path.parent_path();
  if (Status s = create_private_directories(folder); !s.ok()) return s;
  std::string temp = ((folder.empty() ? fs::path(".") : folder) / ".vigil-XXXXXX").string();
  int fd = ::mkstemp(temp.data());  // O_CREAT|O_EXCL, mode 0600
  if (fd < 0) return os_error("create a temporary file in", folder, errno);
  auto fail = [&](const std::string& what, const fs::path& p) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return Status(os_error(what, p, err));
  };
  if (::fchmod(fd, 0600) != 0) return fail("set the mode of", temp);
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write", temp);
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return os_error("write", temp, err);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return os_error("rename a temporary file to", path, err);
  }
  return {};
}

Result<bool> create_private_file_with(const fs::path& path, std::string_view text) {
  fs::path folder = path.parent_path();
  if (Status s = create_private_directories(folder); !s.ok()) return s.error();
  std::string temp = ((folder.empty() ? fs::path(".") : folder) / ".vigil-XXXXXX").string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return os_error("create a temporary file in", folder, errno);
  bool written = ::fchmod(fd, 0600) == 0;
  for (size_t done = 0; written && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    written = n > 0;
    if (written) done += static_cast<size_t>(n);
  }
  int err = errno;
  written = (::close(fd) == 0) && written;
  if (!written) {
    ::unlink(temp.c_str());
    return os_error("write", temp, err);
  }
  bool linked = ::link(temp.c_str(), path.c_str()) == 0;
  err = errno;
  ::unlink(temp.c_str());
  if (linked) return true;
  if (err == EEXIST) return false;
  return os_error("create", path, err);
}

Status create_private_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    bool ok = ::fchmod(fd, 0600) == 0;
    int err = errno;
    ::close(fd);
    if (!ok) return os_error("set the mode of", path, err);
    return {};
  }
  if (errno != EEXIST) return os_error("create", path, errno);
  // An existing file (or the user's own link to one) is kept as it is; a
  // link to nothing would be followed by the next open and created with the
  // umask's mode.
  struct stat target;
  if (::stat(path.c_str(), &target) != 0)
    return Error(path.string() +
                 " is a symbolic link to a file that does not exist; Vigil does not create it");
  return {};
}

}  // namespace vigil
