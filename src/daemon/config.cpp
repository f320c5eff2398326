// vigil.yaml: loading, durations and cadences.
#include "daemon/config.h"

#include <algorithm>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/time_text.h"
#include "daemon/config_reader.h"

namespace vigil::daemon {

std::optional<Time> Cadence::next_after(Time after) const {
  if (cron) return cron->next_after(after);
  if (interval) return after + *interval;
  return std::nullopt;
}

std::string Cadence::describe() const {
  std::string out = cron       ? "cron \"" + cron->text() + "\""
                    : interval ? "every " + format_span(*interval)
                               : "never";
  if (jitter.count() > 0) out += " (jitter " + format_span(jitter) + ")";
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
    d.code = "file.unreadable";
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
