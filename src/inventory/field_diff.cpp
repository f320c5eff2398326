#include "inventory/field_diff.h"

#include <fmt/format.h>

namespace vigil {
namespace {

bool is_identifier(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  return true;
}

void walk(const std::string& path, const nlohmann::json& a, const nlohmann::json& b,
          std::vector<FieldChange>& out) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    for (auto it = b.begin(); it != b.end(); ++it) {
      auto old = a.find(it.key());
      if (old == a.end())
        out.push_back(FieldChange{member_path(path, it.key()), nullptr, it.value(), false, true});
      else
        walk(member_path(path, it.key()), *old, it.value(), out);
    }
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()))
        out.push_back(FieldChange{member_path(path, it.key()), it.value(), nullptr, true, false});
    return;
  }
  if (a.is_array() && b.is_array()) {
    size_t n = std::max(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      std::string p = fmt::format("{}[{}]", path, i);
      if (i >= a.size())
        out.push_back(FieldChange{p, nullptr, b[i], false, true});
      else if (i >= b.size())
        out.push_back(FieldChange{p, a[i], nullptr, true, false});
      else
        walk(p, a[i], b[i], out);
    }
    return;
  }
  out.push_back(FieldChange{path, a, b, true, true});
}

std::string cut(const nlohmann::json& v, size_t max) {
  std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

}  // namespace

std::string member_path(const std::string& path, const std::string& key) {
  if (is_identifier(key)) return path.empty() ? key : path + "." + key;
  return path + "[" + nlohmann::json(key).dump() + "]";
}

std::vector<FieldChange> diff_json(const nlohmann::json& before, const nlohmann::json& after) {
  std::vector<FieldChange> out;
  walk("", before, after, out);
  return out;
}

std::string describe(const FieldChange& c, size_t max) {
  std::string path = c.path.empty() ? "(whole value)" : c.path;
  if (!c.had_before) return fmt::format("{}: added {}", path, cut(c.after, max));
  if (!c.has_after) return fmt::format("{}: removed (was {})", path, cut(c.before, max));
  return fmt::format("{}: {} -> {}", path, cut(c.before, max), cut(c.after, max));
}

}  // namespace vigil
