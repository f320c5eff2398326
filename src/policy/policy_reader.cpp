#include "policy/policy_reader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "core/suggest.h"
#include "policy/autofix_reader.h"
#include "policy/test_case_reader.h"
#include "policy/yaml_values.h"
#include "yaml/load.h"

namespace vigil::policy_detail {

using yaml::YamlContext;

namespace {

const std::vector<std::string> kPolicyKeys = {"id",
                                              "title",
                                              "resource",
                                              "severity",
                                              "category",
                                              "description",
                                              "rationale",
                                              "remediation",
                                              "references",
                                              "frameworks",
                                              "params",
                                              "let",
                                              "condition",
                                              "message",
                                              "enabled",
                                              "tests",
                                              "equivalent_mutants",
                                              "autofix"};
const std::vector<std::string> kEquivalentMutantKeys = {"part", "mutant", "reason"};
const std::vector<std::string> kRequiredKeys = {"id",       "title",    "resource",
                                                "severity", "category", "condition"};
const std::vector<std::string> kParamKeys = {"type", "default", "description"};
const std::set<std::string, std::less<>> kReserved = {
    "true",     "false",   "null",      "in",       "as",  "break",  "const",
    "continue", "else",    "for",       "function", "if",  "import", "let",
    "loop",     "package", "namespace", "return",   "var", "void",   "while"};

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

class Reader : public YamlContext {
 public:
  using YamlContext::YamlContext;

  void read(std::vector<ReadPolicy>& out) {
    yaml::YamlDocuments loaded = yaml::load_all(text_);
    if (loaded.problem) {
      const yaml::YamlProblem& p = *loaded.problem;
      error(SourcePos{file_, p.line, p.column}, p.message, p.hint, yaml::problem_code(p.kind));
      return;
    }
    const std::vector<YAML::Node>& docs = loaded.documents;
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
  Policy read_policy(const YAML::Node& doc) {
    Policy p;
    p.pos = at(doc);
    std::set<std::string, std::less<>> seen;
    // params first: test cases convert their overrides with the declared types.
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "params") read_params(it->second, p);
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const YAML::Node key = it->first;     // a copy: `it->` is a temporary proxy
      const YAML::Node value = it->second;  // a copy: `it->` is a temporary proxy
      if (!key.IsScalar()) {
        error(at(key), "policy keys must be plain names", "see docs/policy-language.md");
        continue;
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        error(at(key), fmt::format("duplicate key '{}'", name), "remove one of the two entries");
        continue;
      }
      read_key(name, key, value, p);
    }
    check_required_keys(seen, p);
    return p;
  }

  // One top-level key of a policy document.
  void read_key(const std::string& name, const YAML::Node& key, const YAML::Node& value,
                Policy& p) {
    if (name == "id") {
      read_id(key, value, p);
    } else if (name == "title") {
      read_string(key, value, p.title, false);
    } else if (name == "resource") {
      read_string(key, value, p.resource, false);
      p.resource_pos = at(value);
    } else if (name == "severity") {
      read_choice(key, value, parse_severity, p.severity, "severity",
                  "severity must be one of critical, high, medium, low, info");
    } else if (name == "category") {
      read_choice(key, value, parse_category, p.category, "category",
                  "category must be one of security, governance, tagging, cost, operations");
    } else if (name == "description") {
      read_string(key, value, p.description);
    } else if (name == "rationale") {
      read_string(key, value, p.rationale);
    } else if (name == "remediation") {
      read_string(key, value, p.remediation);
    } else if (name == "references") {
      read_references(key, value, p);
    } else if (name == "frameworks") {
      read_frameworks(key, value, p);
    } else if (name == "params") {
      // read above
    } else if (name == "let") {
      read_lets(key, value, p);
    } else if (name == "condition") {
      read_cel(key, value, p.condition);
    } else if (name == "message") {
      read_message(key, value, p);
    } else if (name == "enabled") {
      read_enabled(key, value, p);
    } else if (name == "tests") {
      read_tests(*this, key, value, p);
    } else if (name == "equivalent_mutants") {
      read_equivalent_mutants(key, value, p);
    } else if (name == "autofix") {
      read_autofix(*this, key, value, p);
    } else {
      unknown_key(key, "policy", kPolicyKeys);
    }
  }

  // `equivalent_mutants:` a list of {part, mutant, reason}, all required.
  void read_equivalent_mutants(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    if (!value.IsSequence()) {
      error(at(value.IsNull() ? key : value), "'equivalent_mutants' must be a list",
            "write `- {part: condition, mutant: \"`>` -> `>=`\", reason: ...}` entries");
      return;
    }
    for (const auto& item : value) {
      if (!item.IsMap()) {
        error(at(item), "an equivalent mutant must be a map {part, mutant, reason}",
              "copy part and mutant from `vigil policy test --mutate` and say why");
        continue;
      }
      EquivalentMutant m;
      m.pos = at(item);
      for (auto it = item.begin(); it != item.end(); ++it) {
        const YAML::Node k = it->first;   // a copy: `it->` is a temporary proxy
        const YAML::Node v = it->second;  // a copy: `it->` is a temporary proxy
        std::string field = k.IsScalar() ? k.Scalar() : "";
        if (field == "part")
          read_string(k, v, m.part, false);
        else if (field == "mutant")
          read_string(k, v, m.mutant, false);
        else if (field == "reason")
          read_string(k, v, m.reason, false);
        else
          unknown_key(k, "equivalent mutant", kEquivalentMutantKeys);
      }
      if (m.part.empty() || m.mutant.empty() || m.reason.empty()) {
        error(m.pos, "an equivalent mutant needs part, mutant and reason",
              "copy part and mutant from `vigil policy test --mutate` and say why the mutant "
              "cannot be told apart");
        continue;
      }
      p.equivalent_mutants.push_back(std::move(m));
    }
  }

  void read_id(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    p.id_pos = at(value);
    if (read_string(key, value, p.id, false) && !is_policy_id(p.id)) {
      error(at(value), fmt::format("invalid policy id '{}'", p.id),
            "use letters, digits and - _ . / : only, e.g. `aws-s3-bucket-public`");
    }
  }

  // A key whose value is one of a few names: `parse` reads it into `out`;
  // `what` and `hint` make the error for any other.
  template <typename T, typename Parse>
  void read_choice(const YAML::Node& key, const YAML::Node& value, Parse parse, T& out,
                   std::string_view what, const char* hint) {
    std::string s;
    if (!read_string(key, value, s, false)) return;
    if (auto v = parse(s))
      out = *v;
    else
      error(at(value), fmt::format("invalid {} '{}'", what, s), hint);
  }

  void read_references(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    size_t first = p.references.size();
    if (!read_string_list(key, value, p.references)) return;
    for (size_t i = first; i < p.references.size(); ++i) {
      const std::string& r = p.references[i];
      if (r.rfind("https://", 0) != 0 && r.rfind("http://", 0) != 0) {
        warning(at(value[i]), fmt::format("reference '{}' is not a URL", r),
                "references should be http(s) links to documentation");
      }
    }
  }

  void read_message(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    if (!value.IsScalar()) {
      error(at(value.IsNull() ? key : value), "'message' must be a string template",
            "write `message: \"text with {{ cel expression }}\"`");
    } else {
      p.message = cel_text(value);
    }
  }

  void read_enabled(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    if (!value.IsScalar() || !is_plain(value) ||
        (value.Scalar() != "true" && value.Scalar() != "false")) {
      error(at(value.IsNull() ? key : value), "'enabled' must be true or false",
            "write `enabled: true` or `enabled: false`");
    } else {
      p.enabled = value.Scalar() == "true";
    }
  }

  void check_required_keys(const std::set<std::string, std::less<>>& seen, const Policy& p) {
    for (const auto& required : kRequiredKeys) {
      if (!seen.count(required)) {
        std::string who = p.id.empty() ? "policy" : fmt::format("policy '{}'", p.id);
        error(p.pos, fmt::format("{} is missing required key '{}'", who, required),
              fmt::format("add `{}:`; required keys are {}", required, join(kRequiredKeys)));
      }
    }
  }

  void read_frameworks(const YAML::Node& key, const YAML::Node& value, Policy& p) {
    if (!value.IsMap()) {
      error(at(value.IsNull() ? key : value),
            "'frameworks' must be a map of framework id to control ids",
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
      const YAML::Node key = it->first;    // a copy: `it->` is a temporary proxy
      const YAML::Node spec = it->second;  // a copy: `it->` is a temporary proxy
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
        if (field == "type")
          type_node = f->second;
        else if (field == "default")
          default_node = f->second;
        else if (field == "description")
          read_string(f->first, f->second, param.description);
        else
          unknown_key(f->first, fmt::format("parameter '{}'", param.name), kParamKeys);
      }
      if (!type_node.IsDefined()) {
        error(at(key), fmt::format("parameter '{}' has no type", param.name),
              "add `type:` (string, int, double, bool, list, map or duration)");
        p.params.push_back(std::move(param));  // declared, so uses are not reported too
        continue;
      }
      auto type = type_node.IsScalar() ? parse_param_type(type_node.Scalar()) : std::nullopt;
      if (!type) {
        error(at(type_node),
              fmt::format("invalid parameter type '{}'",
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
      const YAML::Node name = it->first;  // a copy: `it->` is a temporary proxy
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
};

}  // namespace

void read_policies(std::string_view text, const std::string& file, std::vector<ReadPolicy>& out,
                   std::vector<Diagnostic>& diagnostics) {
  Reader(text, file, diagnostics).read(out);
}

}  // namespace vigil::policy_detail
