// aws_policy_statements() and aws_policy_public(): see vigil_aws_policy.h.
#include "policy/vigil_aws_policy.h"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

namespace {

using cel::Kind;
using cel::Value;
using cel::ValueList;

std::optional<Value> member(const Value& map, std::string_view name) {
  if (map.kind() != Kind::Map) return std::nullopt;
  return map.map_find(Value::string_view(name));
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// IAM wildcard matching: '*' any run of characters, '?' one character.
bool glob_match(std::string_view pattern, std::string_view text, bool fold_case) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto same = [&](char a, char b) { return fold_case ? lower(a) == lower(b) : a == b; };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && same(pattern[p], text[t])))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// The strings of a value that is a string or a list of strings; other
// elements are kept out (they cannot match anything).
std::vector<std::string_view> strings_of(const Value& v) {
  std::vector<std::string_view> out;
  if (v.kind() == Kind::String) {
    out.push_back(v.as_string());
  } else if (v.kind() == Kind::List) {
    for (size_t i = 0; i < v.list_size(); ++i) {
      Value e = v.list_at(i);
      if (e.kind() == Kind::String) out.push_back(e.as_string());
    }
  }
  return out;
}

std::vector<std::string> owned_strings_of(const Value& v) {
  std::vector<std::string> out;
  for (std::string_view s : strings_of(v)) out.emplace_back(s);
  return out;
}

Value normalize_statement(const Value& s) {
  if (s.kind() != Kind::Map) return s;
  std::vector<cel::MapEntry> entries;
  entries.reserve(s.map_size());
  for (size_t i = 0; i < s.map_size(); ++i) {
    Value key = s.map_key_at(i);
    Value value = s.map_value_at(i);
    if (key.kind() == Kind::String && value.kind() == Kind::String) {
      std::string_view k = key.as_string();
      if (k == "Action" || k == "NotAction" || k == "Resource" || k == "NotResource") {
        value = Value::list({value});
      }
    }
    entries.emplace_back(std::move(key), std::move(value));
  }
  return Value::map(std::move(entries));
}

// The statements of a document, normalised; an error value when the
// argument is not a policy document.
Value statements_of(const Value& doc, std::string_view function) {
  if (doc.kind() != Kind::Map) {
    return Value::error(fmt::format("no such overload: {}() takes a policy document (map), got {}",
                                    function, cel::kind_name(doc.kind())));
  }
  std::optional<Value> st = member(doc, "Statement");
  if (!st) return Value::error(fmt::format("{}(): the policy document has no Statement", function));
  if (st->is_error()) return *st;
  ValueList out;
  if (st->kind() == Kind::List) {
    for (size_t i = 0; i < st->list_size(); ++i) out.push_back(normalize_statement(st->list_at(i)));
  } else {
    out.push_back(normalize_statement(*st));
  }
  return Value::list(std::move(out));
}

std::string_view effect_of(const Value& s) {
  std::optional<Value> e = member(s, "Effect");
  return e && e->kind() == Kind::String ? e->as_string() : std::string_view();
}

// "arn:aws:iam::*:root": an ARN whose account field is a wildcard.
bool arn_with_any_account(std::string_view v) {
  if (!v.starts_with("arn:")) return false;
  size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = v.find(':', pos);
    if (pos == std::string_view::npos) return false;
    ++pos;
  }
  size_t end = v.find(':', pos);
  std::string_view account = v.substr(pos, end == std::string_view::npos ? v.size() - pos : end - pos);
  return account == "*";
}

bool principal_is_everyone(const Value& principal) {
  if (principal.kind() == Kind::String) return principal.as_string() == "*";
  if (principal.kind() != Kind::Map) return false;
  for (size_t i = 0; i < principal.map_size(); ++i) {
    for (std::string_view v : strings_of(principal.map_value_at(i))) {
      if (v == "*" || arn_with_any_account(v)) return true;
    }
  }
  return false;
}

constexpr std::array<std::string_view, 15> kRestrictingKeys = {
    "aws:sourceip",      "aws:sourcevpc",       "aws:sourcevpce",     "aws:principalorgid",
    "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount",
    "aws:sourcearn",     "aws:sourceowner",     "aws:sourceorgid",    "aws:sourceorgpaths",
    "aws:userid",        "aws:username",        "kms:calleraccount",
};

bool is_restricting_key(std::string_view key) {
  std::string k = lower_ascii(key);
  for (std::string_view r : kRestrictingKeys) {
    if (k == r) return true;
  }
  return false;
}

bool specific_values(std::string_view key, const Value& values) {
  std::vector<std::string_view> vs = strings_of(values);
  if (vs.empty()) return false;
  bool ip = lower_ascii(key) == "aws:sourceip";
  for (std::string_view v : vs) {
    if (v.empty() || v == "*") return false;
    if (ip && (v.ends_with("/0"))) return false;
  }
  return true;
}

enum class Polarity { Positive, Negated, Other };

// Positive: StringEquals, ArnLike, IpAddress, ForAnyValue:StringLike ...
// Negated: StringNotEquals, ArnNotLike, NotIpAddress (with or without IfExists).
Polarity polarity_of(std::string_view op) {
  std::string o = lower_ascii(op);
  if (o.starts_with("forallvalues:")) return Polarity::Other;
  if (o.starts_with("foranyvalue:")) o = o.substr(12);
  if (o == "null" || o.starts_with("bool") || o.starts_with("numeric") || o.starts_with("date")) {
    return Polarity::Other;
  }
  bool negated = o.find("not") != std::string::npos;
  bool if_exists = o.ends_with("ifexists");
  if (negated) return Polarity::Negated;
  return if_exists ? Polarity::Other : Polarity::Positive;
}

// Calls fn(operator, key, values) for every entry of a Condition block.
template <typename Fn>
void for_each_condition(const Value& condition, Fn fn) {
  for (size_t i = 0; i < condition.map_size(); ++i) {
    Value op = condition.map_key_at(i);
    Value keys = condition.map_value_at(i);
    if (op.kind() != Kind::String || keys.kind() != Kind::Map) {
      fn(std::string_view(), std::string_view(), Value());
      continue;
    }
    for (size_t j = 0; j < keys.map_size(); ++j) {
      Value key = keys.map_key_at(j);
      fn(op.as_string(), key.kind() == Kind::String ? key.as_string() : std::string_view(),
         keys.map_value_at(j));
    }
  }
}

// An Allow limited to an organisation, VPC, account, network...: any one
// restricting entry is enough (condition entries are ANDed).
bool allow_is_restricted(const Value& s) {
  std::optional<Value> condition = member(s, "Condition");
  if (!condition || condition->kind() != Kind::Map) return false;
  bool restricted = false;
  for_each_condition(*condition, [&](std::string_view op, std::string_view key, const Value& values) {
    if (!op.empty() && polarity_of(op) == Polarity::Positive && is_restricting_key(key) &&
        specific_values(key, values)) {
      restricted = true;
    }
  });
  return restricted;
}

// A Deny condition that only narrows the deny to callers outside a
// restricted set (or no condition at all) denies every public caller.
bool deny_condition_covers_public(const Value& s) {
  std::optional<Value> condition = member(s, "Condition");
  if (!condition) return true;
  if (condition->kind() != Kind::Map || condition->map_size() == 0) return condition->kind() == Kind::Map;
  bool all_negated = true;
  for_each_condition(*condition, [&](std::string_view op, std::string_view key, const Value& values) {
    if (op.empty() || polarity_of(op) != Polarity::Negated || !is_restricting_key(key) ||
        !specific_values(key, values)) {
      all_negated = false;
    }
  });
  return all_negated;
}

// Every element of `wanted` matched by some pattern of `patterns`.
bool covers(const std::vector<std::string>& patterns, const std::vector<std::string>& wanted, bool fold_case) {
  for (const std::string& w : wanted) {
    bool hit = false;
    for (const std::string& p : patterns) {
      if (glob_match(p, w, fold_case)) {
        hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}

bool deny_overrides(const Value& deny, const Value& allow) {
  if (member(deny, "NotAction") || member(deny, "NotResource")) return false;
  std::optional<Value> principal = member(deny, "Principal");
  bool everyone = member(deny, "NotPrincipal").has_value() || (principal && principal_is_everyone(*principal));
  if (!everyone || !deny_condition_covers_public(deny)) return false;

  std::optional<Value> deny_actions = member(deny, "Action");
  if (!deny_actions) return false;
  std::vector<std::string> deny_action_list = owned_strings_of(*deny_actions);
  if (std::optional<Value> a = member(allow, "Action")) {
    if (!covers(deny_action_list, owned_strings_of(*a), true)) return false;
  } else if (!covers(deny_action_list, {"*"}, true)) {  // NotAction: only a deny of "*" covers it
    return false;
  }

  std::optional<Value> deny_resources = member(deny, "Resource");
  std::optional<Value> allow_resources = member(allow, "Resource");
  if (member(allow, "NotResource")) {
    return deny_resources && covers(owned_strings_of(*deny_resources), {"*"}, false);
  }
  if (!deny_resources) return !allow_resources.has_value();
  if (!allow_resources) return covers(owned_strings_of(*deny_resources), {"*"}, false);
  return covers(owned_strings_of(*deny_resources), owned_strings_of(*allow_resources), false);
}

bool allow_is_public(const Value& s) {
  if (effect_of(s) != "Allow") return false;
  bool everyone = member(s, "NotPrincipal").has_value();
  if (!everyone) {
    std::optional<Value> principal = member(s, "Principal");
    everyone = principal && principal_is_everyone(*principal);
  }
  return everyone && !allow_is_restricted(s);
}

Value aws_policy_statements(std::span<const Value> args, const cel::CallContext&) {
  return statements_of(args[0], "aws_policy_statements");
}

Value aws_policy_public(std::span<const Value> args, const cel::CallContext&) {
  Value statements = statements_of(args[0], "aws_policy_public");
  if (statements.is_error()) return statements;
  ValueList out;
  for (size_t i = 0; i < statements.list_size(); ++i) {
    Value s = statements.list_at(i);
    if (s.is_error()) return s;
    if (!allow_is_public(s)) continue;
    bool overridden = false;
    for (size_t j = 0; j < statements.list_size() && !overridden; ++j) {
      Value d = statements.list_at(j);
      overridden = effect_of(d) == "Deny" && deny_overrides(d, s);
    }
    if (!overridden) out.push_back(std::move(s));
  }
  return Value::list(std::move(out));
}

}  // namespace

void add_aws_policy_functions(cel::FunctionRegistry& registry) {
  registry.add("aws_policy_statements", cel::CallStyle::Global, 1, aws_policy_statements);
  registry.add("aws_policy_public", cel::CallStyle::Global, 1, aws_policy_public);
}

}  // namespace vigil
