#include "policy/policy_reader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "policy/source_map.h"
#include "policy/suggest.h"
#include "policy/yaml_values.h"

namespace vigil::policy_detail {

namespace {

const std::vector<std::string> kPolicyKeys = {
    "id",         "title",     "resource", "severity", "category", "description",
    "rationale",  "remediation", "references", "frameworks", "params",  "let",
    "condition",  "message",   "enabled",  "tests"};
const std::vector<std::string> kRequiredKeys = {"id", "title", "resource", "severity", "category",
                                                "condition"};
const std::vector<std::string> kParamKeys = {"type", "default", "description"};
const std::vector<std::string> kTestKeys = {"name", "asset", "related", "params", "now", "expect"};
const std::set<std::string, std::less<>> kReserved = {
    "true",  "false",    "null",   "in",      "as",   "break",     "const",  "continue",
    "else",  "for",      "function", "if",    "import", "let",     "loop",   "package",
    "namespace", "return", "var",  "void",    "while"};

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

bool is_policy_id(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '/' || c == ':';
    if (!ok) return false;
  }
  return true;
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& file, std::vector<Diagnostic>& diags)
      : text_(text), file_(file), lines_(text), diags_(diags) {}

  void read(std::vector<ReadPolicy>& out) {
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(std::string(text_));
    } catch (const YAML::Exception& e) {
      SourcePos pos{file_, e.mark.line + 1, e.mark.column + 1};
      if (e.mark.is_null()) pos = SourcePos{file_, 1, 1};
      error(pos, fmt::format("YAML syntax error: {}", e.msg),
            "fix the YAML syntax at this place (check indentation, quotes and brackets)");
      return;
    }
    for (const auto& doc : docs) {
      if (doc.IsNull()) continue;  // empty document, e.g. a trailing `---`
      if (!doc.IsMap()) {
        error(at(doc), "a policy document must be a map of keys",
              "start the document with `id: <policy id>` and the other policy keys");
        continue;
      }
      size_t errors_before = error_count_;
      Policy p = read_policy(doc);
      out.push_back(ReadPolicy{std::move(p), error_count_ == errors_before});
    }
  }

 private:
  SourcePos at(const YAML::Node& n) const {
    return SourcePos{file_, n.Mark().line + 1, n.Mark().column + 1};
  }

  void error(SourcePos pos, std::string message, std::string hint) {
    Diagnostic d;
    d.level = Diagnostic::Level::Error;
    d.source_line = lines_.line_text(pos.line);
    d.pos = std::move(pos);
    d.message = std::move(message);
    d.hint = std::move(hint);
    diags_.push_back(std::move(d));
    ++error_count_;
  }

  void warning(SourcePos pos, std::string message, std::string hint) {
    Diagnostic d;
    d.level = Diagnostic::Level::Warning;
    d.source_line = lines_.line_text(pos.line);
    d.pos = std::move(pos);
    d.message = std::move(message);
    d.hint = std::move(hint);
    diags_.push_back(std::move(d));
  }

  void unknown_key(const YAML::Node& key, std::string_view where,
                   const std::vector<std::string>& allowed) {
    std::string name = key.IsScalar() ? key.Scalar() : "?";
    std::string guess = closest(name, allowed);
    error(at(key), fmt::format("unknown key '{}' in {}", name, where),
          guess.empty() ? fmt::format("allowed keys are: {}", join(allowed))
                        : fmt::format("did you mean '{}'?", guess));
  }

  // A string-valued key. Returns false (after reporting) when it is not a scalar.
  bool read_string(const YAML::Node& key, const YAML::Node& value, std::string& out,
                   bool allow_empty = true) {
    if (!value.IsScalar() && !(allow_empty && value.IsNull())) {
      error(at(value.IsNull() ? key : value),
            fmt::format("'{}' must be a {}string", key.Scalar(), allow_empty ? "" : "non-empty "),
            fmt::format("write `{}: <text>`", key.Scalar()));
      return false;
    }
    out = value.IsScalar() ? value.Scalar() : std::string();
    if (!allow_empty && out.empty()) {
      error(at(value), fmt::format("'{}' must not be empty", key.Scalar()),
            fmt::format("write `{}: <text>`", key.Scalar()));
      return false;
    }
    return true;
  }

  bool read_string_list(const YAML::Node& key, const YAML::Node& value,
                        std::vector<std::string>& out) {
    if (!value.IsSequence()) {
      error(at(value.IsNull() ? key : value), fmt::format("'{}' must be a list of strings", key.Scalar()),
            fmt::format("write `{}: [\"...\", \"...\"]` or one `- item` per line", key.Scalar()));
      return false;
    }
    for (const auto& item : value) {
      if (!item.IsScalar()) {
        error(at(item), fmt::format("items of '{}' must be strings", key.Scalar()),
              "write each item as a plain or quoted string");
        return false;
      }
      out.push_back(item.Scalar());
    }
    return true;
  }

  SourceText cel_text(const YAML::Node& value) {
    return locate_scalar(text_, lines_, value.Mark().pos, value.Scalar(), file_);
  }

  bool read_cel(const YAML::Node& key, const YAML::Node& value, SourceText& out) {
    if (!value.IsScalar() || value.Scalar().find_first_not_of(" \t\r\n") == std::string::npos) {
      error(at(value.IsScalar() ? value : key),
            fmt::format("'{}' must be a non-empty CEL expression", key.Scalar()),
            fmt::format("write `{}: <CEL expression>`; use `|` for a multi-line expression",
                        key.Scalar()));
      return false;
    }
    out = cel_text(value);
    return true;
  }

  Policy read_policy(const YAML::Node& doc) {
    Policy p;
    p.pos = at(doc);
    std::set<std::string, std::less<>> seen;
    // params first: test cases convert their overrides with the declared types.
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "params") read_params(it->second, p);
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const YAML::Node& key = it->first;
      const YAML::Node& value = it->second;
      if (!key.IsScalar()) {
        error(at(key), "policy keys must be plain names", "see docs/policy-language.md");
        continue;
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        error(at(key), fmt::format("duplicate key '{}'", name), "remove one of the two entries");
        continue;
      }
      if (name == "id") {
        p.id_pos = at(value);
        if (read_string(key, value, p.id, false) && !is_policy_id(p.id)) {
          error(at(value), fmt::format("invalid policy id '{}'", p.id),
                "use letters, digits and - _ . / : only, e.g. `aws-s3-bucket-public`");
        }
      } else if (name == "title") {
        read_string(key, value, p.title, false);
      } else if (name == "resource") {
        read_string(key, value, p.resource, false);
      } else if (name == "severity") {
        std::string s;
        if (read_string(key, value, s, false)) {
          if (auto v = parse_severity(s)) p.severity = *v;
          else error(at(value), fmt::format("invalid severity '{}'", s),
                     "severity must be one of critical, high, medium, low, info");
        }
      } else if (name == "category") {
        std::string s;
        if (read_string(key, value, s, false)) {
          if (auto v = parse_category(s)) p.category = *v;
          else error(at(value), fmt::format("invalid category '{}'", s),
                     "category must be one of security, governance, tagging, cost, operations");
        }
      } else if (name == "description") {
        read_string(key, value, p.description);
      } else if (name == "rationale") {
        read_string(key, value, p.rationale);
      } else if (name == "remediation") {
        read_string(key, value, p.remediation);
      } else if (name == "references") {
        size_t first = p.references.size();
        if (read_string_list(key, value, p.references)) {
          for (size_t i = first; i < p.references.size(); ++i) {
            const std::string& r = p.references[i];
            if (r.rfind("https://", 0) != 0 && r.rfind("http://", 0) != 0) {
              warning(at(value[i]), fmt::format("reference '{}' is not a URL", r),
                      "references should be http(s) links to documentation");
            }
          }
        }
      } else if (name == "frameworks") {
        read_frameworks(key, value, p);
      } else if (name == "params") {
        // read above
      } else if (name == "let") {
        read_lets(key, value, p);
      } else if (name == "condition") {
        read_cel(key, value, p.condition);
      } else if (name == "message") {
        if (!value.IsScalar()) {
          error(at(value.IsNull() ? key : value), "'message' must be a string template",
                "write `message: \"text with {{ cel expression }}\"`");
        } else {
          p.message = cel_text(value);
        }
      } else if (name == "enabled") {
        if (!value.IsScalar() || !is_plain(value) ||
            (value.Scalar() != "true" && value.Scalar() != "false")) {
          error(at(value.IsNull() ? key : value), "'enabled' must be true or false",
                "write `enabled: true` or `enabled: false`");
        } else {
          p.enabled = value.Scalar() == "true";
        }
      } else if (name == "tests") {
        read_tests(key, value, p);
      } else {
        unknown_key(key, "policy", kPolicyKeys);
      }
    }
    for (const auto& required : kRequiredKeys) {
      if (!seen.count(required)) {
        std::string who = p.id.empty() ? "policy" : fmt::format("policy '{}'", p.id);
        error(p.pos, fmt::format("{} is missing required key '{}'", who, required),
              fmt::format("add `{}:`; required keys are {}", required, join(kRequiredKeys)));
      }
    }
    return p;
  }

  void read_frameworks(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    if (!value.IsMap()) {
      error(at(value.IsNull() ? key : value), "'frameworks' must be a map of framework id to control ids",
            "write e.g. `frameworks: {cis-aws-3.0: [\"2.1.4\"]}`");
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!it->first.IsScalar()) {
        error(at(it->first), "framework ids must be strings", "write `<framework id>: [controls]`");
        continue;
      }
      std::vector<std::string> controls;
      if (it->second.IsScalar()) {
        controls.push_back(it->second.Scalar());
      } else if (!read_string_list(it->first, it->second, controls)) {
        continue;
      }
      auto& slot = p.frameworks[it->first.Scalar()];
      slot.insert(slot.end(), controls.begin(), controls.end());
    }
  }

  void read_params(const YAML::Node& value, Policy& p) {
    if (!value.IsMap()) {
      error(at(value), "'params' must be a map of parameter name to {type, default, description}",
            "write e.g. `params: {max_age: {type: duration, default: 90d}}`");
      return;
    }
    std::set<std::string, std::less<>> names;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const YAML::Node& key = it->first;
      const YAML::Node& spec = it->second;
      if (!key.IsScalar() || !is_identifier(key.Scalar())) {
        error(at(key), "parameter names must be identifiers (letters, digits, _)",
              "rename the parameter, e.g. `max_age`");
        continue;
      }
      if (!names.insert(key.Scalar()).second) {
        error(at(key), fmt::format("duplicate parameter '{}'", key.Scalar()),
              "remove one of the two entries");
        continue;
      }
      if (!spec.IsMap()) {
        error(at(spec.IsNull() ? key : spec),
              fmt::format("parameter '{}' must be a map with type, default and description",
                          key.Scalar()),
              "write e.g. `{type: int, default: 22, description: ...}`");
        continue;
      }
      Param param;
      param.name = key.Scalar();
      param.pos = at(key);
      YAML::Node type_node, default_node;
      for (auto f = spec.begin(); f != spec.end(); ++f) {
        std::string field = f->first.IsScalar() ? f->first.Scalar() : "";
        if (field == "type") type_node = f->second;
        else if (field == "default") default_node = f->second;
        else if (field == "description") read_string(f->first, f->second, param.description);
        else unknown_key(f->first, fmt::format("parameter '{}'", param.name), kParamKeys);
      }
      if (!type_node.IsDefined()) {
        error(at(key), fmt::format("parameter '{}' has no type", param.name),
              "add `type:` (string, int, double, bool, list, map or duration)");
        p.params.push_back(std::move(param));  // declared, so uses are not reported too
        continue;
      }
      auto type = type_node.IsScalar() ? parse_param_type(type_node.Scalar()) : std::nullopt;
      if (!type) {
        error(at(type_node), fmt::format("invalid parameter type '{}'",
                                         type_node.IsScalar() ? type_node.Scalar() : ""),
              "type must be one of string, int, double, bool, list, map, duration");
        p.params.push_back(std::move(param));  // declared, so uses are not reported too
        continue;
      }
      param.type = *type;
      if (!default_node.IsDefined()) {
        error(at(key), fmt::format("parameter '{}' has no default", param.name),
              "add `default:` with a value of the parameter's type");
        p.params.push_back(std::move(param));  // declared, so uses are not reported too
        continue;
      }
      auto v = typed_value(default_node, param.type);
      if (!v.ok()) {
        error(SourcePos{file_, v.error().line, v.error().column},
              fmt::format("default of parameter '{}': {}", param.name, v.error().message),
              fmt::format("give a default of type {}", to_string(param.type)));
        p.params.push_back(std::move(param));  // declared, so uses are not reported too
        continue;
      }
      param.default_value = std::move(v.value());
      p.params.push_back(std::move(param));
    }
  }

  void read_lets(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    if (!value.IsMap()) {
      error(at(value.IsNull() ? key : value), "'let' must be a map of name to CEL expression",
            "write e.g. `let: {open: resource.config.IpPermissions.filter(r, ...)}`");
      return;
    }
    std::set<std::string, std::less<>> names;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const YAML::Node& name = it->first;
      if (!name.IsScalar() || !is_identifier(name.Scalar()) || kReserved.count(name.Scalar())) {
        error(at(name), "let names must be identifiers that are not CEL reserved words",
              "rename it, e.g. `open_rules`");
        continue;
      }
      const std::string& n = name.Scalar();
      if (n == "resource" || n == "params" || n == "now") {
        error(at(name), fmt::format("let '{}' would hide the variable '{}'", n, n),
              "choose another name");
        continue;
      }
      if (!names.insert(n).second) {
        error(at(name), fmt::format("duplicate let '{}'", n), "remove or rename one of them");
        continue;
      }
      SourceText text;
      if (read_cel(name, it->second, text)) p.lets.emplace_back(n, std::move(text));
    }
  }

  const Param* find_param(const Policy& p, std::string_view name) const {
    for (const auto& param : p.params) {
      if (param.name == name) return &param;
    }
    return nullptr;
  }

  void read_tests(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    if (!value.IsSequence()) {
      error(at(value.IsNull() ? key : value), "'tests' must be a list of test cases",
            "write `tests:` followed by `- name: ...` entries");
      return;
    }
    for (const auto& item : value) {
      if (!item.IsMap()) {
        error(at(item), "a test case must be a map",
              "write `- {name: ..., asset: {...}, expect: violation}`");
        continue;
      }
      PolicyTestCase tc;
      tc.pos = at(item);
      bool has_name = false, has_asset = false, has_expect = false;
      for (auto it = item.begin(); it != item.end(); ++it) {
        const YAML::Node& k = it->first;
        const YAML::Node& v = it->second;
        std::string field = k.IsScalar() ? k.Scalar() : "";
        if (field == "name") {
          has_name = true;
          read_string(k, v, tc.name, false);
        } else if (field == "asset") {
          has_asset = true;
          if (!v.IsMap()) {
            error(at(v.IsNull() ? k : v), "a test 'asset' must be a map (the asset's JSON object)",
                  "write the asset inline, e.g. `asset: {config: {...}}`");
            continue;
          }
          auto json = yaml_to_json(v);
          if (!json.ok()) {
            error(SourcePos{file_, json.error().line, json.error().column}, json.error().message,
                  "assets must be representable as JSON");
            continue;
          }
          tc.asset_json = json.value().dump();
        } else if (field == "related") {
          if (!v.IsSequence()) {
            error(at(v.IsNull() ? k : v), "'related' must be a list of assets",
                  "write `related:` followed by `- {id: ..., type: ...}` entries");
            continue;
          }
          for (const auto& r : v) {
            auto json = r.IsMap() ? yaml_to_json(r) : Result<nlohmann::json>(Error::at_offset("not a map", 0));
            if (!json.ok()) {
              error(at(r), fmt::format("related asset: {}", json.error().message),
                    "write each related asset as a map with at least id and type");
              continue;
            }
            tc.related_json.push_back(json.value().dump());
          }
        } else if (field == "params") {
          read_test_params(k, v, p, tc);
        } else if (field == "now") {
          std::string now;
          if (read_string(k, v, now, false)) {
            if (!parse_rfc3339(now)) {
              error(at(v), fmt::format("invalid time '{}'", now),
                    "write an RFC 3339 time such as 2026-01-01T00:00:00Z");
            } else {
              tc.now = now;
            }
          }
        } else if (field == "expect") {
          has_expect = true;
          std::string e;
          if (!read_string(k, v, e, false)) continue;
          if (e == "violation") tc.expect = Expect::Violation;
          else if (e == "compliant") tc.expect = Expect::Compliant;
          else if (e == "unknown") tc.expect = Expect::Unknown;
          else {
            error(at(v), fmt::format("invalid expect '{}'", e),
                  "expect must be one of violation, compliant, unknown");
            continue;
          }
        } else {
          unknown_key(k, "test case", kTestKeys);
        }
      }
      if (!has_name || !has_asset || !has_expect) {
        std::vector<std::string> missing;
        if (!has_name) missing.push_back("name");
        if (!has_asset) missing.push_back("asset");
        if (!has_expect) missing.push_back("expect");
        error(tc.pos, fmt::format("test case is missing {}", join(missing)),
              "every test case needs name, asset and expect");
        continue;
      }
      p.tests.push_back(std::move(tc));
    }
  }

  void read_test_params(const YAML::Node& key, const YAML::Node& value, const Policy& p,
                        PolicyTestCase& tc) {
    if (!value.IsMap()) {
      error(at(value.IsNull() ? key : value), "test 'params' must be a map of parameter overrides",
            "write e.g. `params: {max_age: 30d}`");
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
      const Param* param = find_param(p, name);
      if (!param) {
        std::vector<std::string> declared;
        for (const auto& d : p.params) declared.push_back(d.name);
        std::string guess = closest(name, declared);
        error(at(it->first), fmt::format("test overrides undeclared parameter '{}'", name),
              !guess.empty() ? fmt::format("did you mean '{}'?", guess)
                             : "declare it under params: (with type and default) first");
        continue;
      }
      auto v = typed_value(it->second, param->type);
      if (!v.ok()) {
        error(SourcePos{file_, v.error().line, v.error().column},
              fmt::format("parameter '{}': {}", name, v.error().message),
              fmt::format("give a value of type {}", to_string(param->type)));
        continue;
      }
      tc.params[name] = std::move(v.value());
    }
  }

  std::string_view text_;
  std::string file_;
  LineIndex lines_;
  std::vector<Diagnostic>& diags_;
  size_t error_count_ = 0;
};

}  // namespace

void read_policies(std::string_view text, const std::string& file, std::vector<ReadPolicy>& out,
                   std::vector<Diagnostic>& diagnostics) {
  Reader(text, file, diagnostics).read(out);
}

}  // namespace vigil::policy_detail
