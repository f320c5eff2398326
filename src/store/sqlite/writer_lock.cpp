// See writer_lock.h.
#include "store/sqlite/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace vigil::store::sqlite {

WriterLock::~WriterLock() { release(); }

bool WriterLock::acquire(std::chrono::milliseconds wait) {
  if (fd_ >= 0) return true;
  int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error("cannot open the writer lock " + path_ + ": " + std::strerror(errno));
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      fd_ = fd;
      std::string note =
          fmt::format("pid {} since {:%Y-%m-%dT%H:%M:%SZ}\n", ::getpid(),
                      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
      if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, note.data(), note.size(), 0) < 0) {
        // The note only helps a waiting process explain itself.
      }
      return true;
    }
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int error = errno;
      ::close(fd);
      throw std::runtime_error("cannot lock " + path_ + ": " + std::strerror(error));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string WriterLock::holder() const {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  char buffer[256];
  ssize_t n = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  std::string text(buffer, n > 0 ? size_t(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

void WriterLock::release() {
  if (fd_ < 0) return;
  if (::ftruncate(fd_, 0) != 0) {
    // A stale note is only less helpful.
  }
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace vigil::store::sqlite
