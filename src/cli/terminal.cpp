// See terminal.h.
#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string>

namespace vigil::cli {
namespace {

std::string_view env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string_view(value) : std::string_view();
}

}  // namespace

std::optional<ColorMode> color_mode_from(std::string_view name) {
  if (name == "auto") return ColorMode::Auto;
  if (name == "always") return ColorMode::Always;
  if (name == "never") return ColorMode::Never;
  return std::nullopt;
}

bool use_color(ColorMode mode, int fd) {
  if (mode != ColorMode::Auto) return mode == ColorMode::Always;
  if (!env("NO_COLOR").empty() || env("TERM") == "dumb") return false;
  return ::isatty(fd) == 1;
}

size_t output_columns(int fd) {
  std::string_view columns = env("COLUMNS");
  size_t n = 0;
  auto [end, ec] = std::from_chars(columns.data(), columns.data() + columns.size(), n);
  if (ec == std::errc() && end == columns.data() + columns.size() && n > 0) return n;
  winsize size{};
  if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 0;
}

}  // namespace vigil::cli
