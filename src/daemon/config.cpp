// vigil.yaml: loading, durations and cadences.
#include "daemon/config.h"

#include <algorithm>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "daemon/config_reader.h"

namespace vigil::daemon {

Result<Seconds> parse_duration(std::string_view text) {
  auto fail = [&](std::string why) {
    return Error::at_offset(fmt::format("'{}' is not a duration: {}", text, why), 0);
  };
  if (text.empty()) return fail("it is empty");
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    int64_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      n = n * 10 + (text[i] - '0');
      if (n > 100'000'000) return fail("the number is too large");
      ++i;
    }
    if (i == start) return fail(fmt::format("expected a number at '{}'", text.substr(i)));
    if (i == text.size()) return fail("a number needs a unit (s, m, h, d, w)");
    int64_t unit = 0;
    switch (text[i]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 7 * 86400; break;
      default: return fail(fmt::format("unknown unit '{}' (use s, m, h, d, w)", text[i]));
    }
    ++i;
    total += n * unit;
  }
  return Seconds(total);
}

std::string format_duration(Seconds s) {
  int64_t v = s.count();
  if (v == 0) return "0s";
  std::string out;
  const std::pair<int64_t, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (auto [size, name] : units) {
    if (v >= size) {
      out += fmt::format("{}{}", v / size, name);
      v %= size;
    }
  }
  return out;
}

std::optional<Time> Cadence::next_after(Time after) const {
  if (cron) return cron->next_after(after);
  if (interval) return after + *interval;
  return std::nullopt;
}

std::string Cadence::describe() const {
  std::string out = cron ? "cron \"" + cron->text() + "\"" : interval ? "every " + format_duration(*interval) : "never";
  if (jitter.count() > 0) out += " (jitter " + format_duration(jitter) + ")";
  return out;
}

bool ConfigLoad::ok() const {
  for (const Diagnostic& d : diagnostics)
    if (d.level == Diagnostic::Level::Error) return false;
  return true;
}

ConfigLoad load_config_text(std::string_view text, const std::string& file) {
  ConfigLoad load;
  load.config.file = file;
  std::filesystem::path base = std::filesystem::path(file).parent_path();
  load.config.store = (base / "vigil.db").lexically_normal().string();
  detail::ConfigReader reader(text, file, load.diagnostics);
  reader.read(load.config);
  return load;
}

bool is_organization_id(std::string_view id) {
  if (!id.starts_with("o-") || id.size() < 12 || id.size() > 34) return false;
  return std::all_of(id.begin() + 2, id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.'))
      return false;
  return true;
}

ConfigLoad load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ConfigLoad load;
    Diagnostic d;
    d.pos.file = path;
    d.message = "cannot read the configuration file";
    d.hint = "check the path given to --config (see docs/configuration.md for the format)";
    load.diagnostics.push_back(std::move(d));
    return load;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path);
}

}  // namespace vigil::daemon
