// A policy's `autofix:` (autofix_reader.h).
#include "policy/autofix_reader.h"

#include <fmt/format.h>

#include "core/time_text.h"

namespace vigil::policy_detail {

namespace {

const std::vector<std::string> kAutofixKeys = {"action", "grace", "mode", "notify"};

bool is_address(std::string_view s) {
  size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find_first_of(" ,;<>") == std::string_view::npos;
}

}  // namespace

void read_autofix(yaml::YamlContext& c, const YAML::Node& key, const YAML::Node& value, Policy& p) {
  if (!value.IsMap()) {
    c.error(c.at(value.IsNull() ? key : value), "'autofix' must be a map",
            "write `autofix: {action: <fix action id>, grace: 24h, mode: auto, notify: [owners]}`");
    return;
  }
  Autofix a;
  a.pos = c.at(key);
  a.notify = {"owners"};
  bool has_grace = false;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const YAML::Node k = it->first;   // a copy: `it->` is a temporary proxy
    const YAML::Node v = it->second;  // a copy: `it->` is a temporary proxy
    std::string field = k.IsScalar() ? k.Scalar() : "";
    if (field == "action") {
      c.read_string(k, v, a.action, false);
      a.action_pos = c.at(v);
    } else if (field == "grace") {
      has_grace = true;  // an invalid one is reported as such, not as missing
      std::string text;
      if (!c.read_string(k, v, text, false)) continue;
      auto span = parse_span(text);
      if (!span.ok() || span->count() <= 0) {
        c.error(c.at(v), fmt::format("'grace' must be a positive duration, got '{}'", text),
                "write e.g. `grace: 24h` (s, m, h, d, w; sums such as 1d12h)");
        continue;
      }
      a.grace_seconds = span->count();
    } else if (field == "mode") {
      std::string mode;
      if (!c.read_string(k, v, mode, false)) continue;
      if (mode == "auto")
        a.mode = Autofix::Mode::Auto;
      else if (mode == "manual")
        a.mode = Autofix::Mode::Manual;
      else
        c.error(c.at(v), fmt::format("'mode' must be auto or manual, got '{}'", mode),
                "auto applies the fix at the deadline; manual notifies and waits for an operator");
    } else if (field == "notify") {
      std::vector<std::string> who;
      if (!c.read_string_list(k, v, who)) continue;
      for (size_t i = 0; i < who.size(); ++i)
        if (who[i] != "owners" && !is_address(who[i]))
          c.error(c.at(v[i]), fmt::format("'{}' is neither `owners` nor an e-mail address", who[i]),
                  "list `owners` (the resource's owners) and/or addresses");
      a.notify = std::move(who);
    } else {
      c.unknown_key(k, "autofix", kAutofixKeys);
    }
  }
  if (a.action.empty())
    c.error(a.pos, "'autofix' needs an action",
            "add `action: <id>` (`vigil fix actions` lists them)");
  if (!has_grace)
    c.error(a.pos, "'autofix' needs a grace period",
            "add e.g. `grace: 24h`: the owner's time to react before the fix");
  p.autofix = std::move(a);
}

}  // namespace vigil::policy_detail
