// Parsing IAM policy documents: see policy.h.
#include "iam/policy.h"

#include <fmt/format.h>

#include <array>
#include <set>
#include <utility>

#include "core/json_depth.h"
#include "iam/address.h"
#include "iam/pattern.h"
#include "iam/values.h"

namespace vigil::iam {
namespace {

using json = nlohmann::json;

constexpr std::array<std::pair<std::string_view, Operator>, 27> kOperators = {{
    {"stringequals", Operator::StringEquals},
    {"stringnotequals", Operator::StringNotEquals},
    {"stringequalsignorecase", Operator::StringEqualsIgnoreCase},
    {"stringnotequalsignorecase", Operator::StringNotEqualsIgnoreCase},
    {"stringlike", Operator::StringLike},
    {"stringnotlike", Operator::StringNotLike},
    {"numericequals", Operator::NumericEquals},
    {"numericnotequals", Operator::NumericNotEquals},
    {"numericlessthan", Operator::NumericLessThan},
    {"numericlessthanequals", Operator::NumericLessThanEquals},
    {"numericgreaterthan", Operator::NumericGreaterThan},
    {"numericgreaterthanequals", Operator::NumericGreaterThanEquals},
    {"dateequals", Operator::DateEquals},
    {"datenotequals", Operator::DateNotEquals},
    {"datelessthan", Operator::DateLessThan},
    {"datelessthanequals", Operator::DateLessThanEquals},
    {"dategreaterthan", Operator::DateGreaterThan},
    {"dategreaterthanequals", Operator::DateGreaterThanEquals},
    {"bool", Operator::Bool},
    {"binaryequals", Operator::BinaryEquals},
    {"ipaddress", Operator::IpAddress},
    {"notipaddress", Operator::NotIpAddress},
    {"arnequals", Operator::ArnEquals},
    {"arnlike", Operator::ArnLike},
    {"arnnotequals", Operator::ArnNotEquals},
    {"arnnotlike", Operator::ArnNotLike},
    {"null", Operator::Null},
}};

constexpr std::array<std::string_view, 27> kOperatorNames = {"StringEquals",
                                                             "StringNotEquals",
                                                             "StringEqualsIgnoreCase",
                                                             "StringNotEqualsIgnoreCase",
                                                             "StringLike",
                                                             "StringNotLike",
                                                             "NumericEquals",
                                                             "NumericNotEquals",
                                                             "NumericLessThan",
                                                             "NumericLessThanEquals",
                                                             "NumericGreaterThan",
                                                             "NumericGreaterThanEquals",
                                                             "DateEquals",
                                                             "DateNotEquals",
                                                             "DateLessThan",
                                                             "DateLessThanEquals",
                                                             "DateGreaterThan",
                                                             "DateGreaterThanEquals",
                                                             "Bool",
                                                             "BinaryEquals",
                                                             "IpAddress",
                                                             "NotIpAddress",
                                                             "ArnEquals",
                                                             "ArnLike",
                                                             "ArnNotEquals",
                                                             "ArnNotLike",
                                                             "Null"};

Error error_at(const std::string& where, std::string_view what) {
  return Error(fmt::format("{}: {}", where, what));
}

// A string, or a list of strings; `what` names the element for errors.
Result<std::vector<std::string>> string_list(const json& v, const std::string& where) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
    return out;
  }
  if (!v.is_array()) return error_at(where, "expected a string or a list of strings");
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) return error_at(fmt::format("{}[{}]", where, i), "expected a string");
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

// Condition values: strings, numbers and booleans, alone or in a list.
Result<std::vector<std::string>> condition_values(const json& v, const std::string& where) {
  auto scalar = [&](const json& e, const std::string& at) -> Result<std::string> {
    if (e.is_string()) return e.get<std::string>();
    if (e.is_boolean()) return std::string(e.get<bool>() ? "true" : "false");
    if (e.is_number()) return e.dump();
    return error_at(at, "a condition value must be a string, number or boolean");
  };
  std::vector<std::string> out;
  if (!v.is_array()) {
    auto s = scalar(v, where);
    if (!s.ok()) return s.error();
    out.push_back(std::move(*s));
    return out;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    auto s = scalar(v[i], fmt::format("{}[{}]", where, i));
    if (!s.ok()) return s.error();
    out.push_back(std::move(*s));
  }
  return out;
}

Result<PrincipalSet> principal_set(const json& v, const std::string& where) {
  PrincipalSet set;
  if (v.is_string()) {
    if (v.get<std::string>() != "*")
      return error_at(where, "a principal string must be \"*\"; name others as {\"AWS\": ...}");
    set.any = true;
    return set;
  }
  if (!v.is_object()) return error_at(where, "expected \"*\" or a map of principal kinds");
  for (const auto& [kind, values] : v.items()) {
    std::string at = fmt::format("{}.{}", where, kind);
    auto list = string_list(values, at);
    if (!list.ok()) return list.error();
    if (kind == "AWS") {
      for (std::string& p : *list) {
        if (p == "*")
          set.any = true;
        else
          set.aws.push_back(std::move(p));
      }
    } else if (kind == "Service") {
      set.service = std::move(*list);
    } else if (kind == "Federated") {
      set.federated = std::move(*list);
    } else if (kind == "CanonicalUser") {
      set.canonical = std::move(*list);
    } else {
      return error_at(at, "unknown principal kind (AWS, Service, Federated, CanonicalUser)");
    }
  }
  return set;
}

Status check_value(const Condition& c, const std::string& value, bool variables,
                   const std::string& where) {
  if (variables && has_variable(value)) return Status::Ok();
  bool good = true;
  switch (c.op) {
    case Operator::NumericEquals:
    case Operator::NumericNotEquals:
    case Operator::NumericLessThan:
    case Operator::NumericLessThanEquals:
    case Operator::NumericGreaterThan:
    case Operator::NumericGreaterThanEquals:
      good = parse_number(value).has_value();
      break;
    case Operator::DateEquals:
    case Operator::DateNotEquals:
    case Operator::DateLessThan:
    case Operator::DateLessThanEquals:
    case Operator::DateGreaterThan:
    case Operator::DateGreaterThanEquals:
      good = parse_date(value).has_value();
      break;
    case Operator::IpAddress:
    case Operator::NotIpAddress:
      good = parse_cidr(value).has_value();
      break;
    case Operator::Null:
    case Operator::Bool:
      good = iequals(value, "true") || iequals(value, "false");
      break;
    default:
      break;
  }
  if (good) return Status::Ok();
  return error_at(where, fmt::format("'{}' is not a valid value for {}", value, to_string(c.op)));
}

Result<std::vector<Condition>> conditions_of(const json& v, bool variables,
                                             const std::string& where) {
  if (!v.is_object()) return error_at(where, "expected a map of condition operators");
  std::vector<Condition> out;
  for (const auto& [op_text, keys] : v.items()) {
    std::string at = fmt::format("{}.{}", where, op_text);
    Condition base;
    base.operator_text = op_text;
    std::string name = lower_ascii(op_text);
    if (name.starts_with("forallvalues:")) {
      base.qualifier = SetQualifier::ForAllValues;
      name = name.substr(13);
    } else if (name.starts_with("foranyvalue:")) {
      base.qualifier = SetQualifier::ForAnyValue;
      name = name.substr(12);
    }
    if (name.ends_with("ifexists") && name != "null") {
      base.if_exists = true;
      name = name.substr(0, name.size() - 8);
    }
    bool known = false;
    for (const auto& [n, op] : kOperators) {
      if (n == name) {
        base.op = op;
        known = true;
      }
    }
    if (!known) return error_at(at, "unknown condition operator");
    if (base.op == Operator::Null && base.qualifier != SetQualifier::None)
      return error_at(at, "Null cannot take ForAllValues or ForAnyValue");
    if (!keys.is_object()) return error_at(at, "expected a map of condition keys");
    for (const auto& [key, values] : keys.items()) {
      Condition c = base;
      c.key = key;
      c.key_lower = lower_ascii(key);
      std::string key_at = fmt::format("{}.{}", at, key);
      auto list = condition_values(values, key_at);
      if (!list.ok()) return list.error();
      c.values = std::move(*list);
      for (const std::string& value : c.values) {
        Status ok = check_value(c, value, variables, key_at);
        if (!ok.ok()) return ok.error();
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

Result<Statement> statement_of(const json& s, size_t index, bool variables) {
  std::string where = fmt::format("Statement[{}]", index);
  if (!s.is_object()) return error_at(where, "expected a statement object");
  Statement st;
  st.index = index;
  bool has_effect = false, has_action = false;
  for (const auto& [name, value] : s.items()) {
    std::string at = fmt::format("{}.{}", where, name);
    if (name == "Sid") {
      if (!value.is_string()) return error_at(at, "expected a string");
      st.sid = value.get<std::string>();
    } else if (name == "Effect") {
      if (value == "Allow") {
        st.effect = Effect::Allow;
      } else if (value == "Deny") {
        st.effect = Effect::Deny;
      } else {
        return error_at(at, "Effect must be \"Allow\" or \"Deny\"");
      }
      has_effect = true;
    } else if (name == "Action" || name == "NotAction") {
      if (has_action) return error_at(at, "a statement has either Action or NotAction, not both");
      auto list = string_list(value, at);
      if (!list.ok()) return list.error();
      st.actions = std::move(*list);
      st.not_action = name == "NotAction";
      has_action = true;
    } else if (name == "Resource" || name == "NotResource") {
      if (st.has_resource)
        return error_at(at, "a statement has either Resource or NotResource, not both");
      auto list = string_list(value, at);
      if (!list.ok()) return list.error();
      st.resources = std::move(*list);
      st.not_resource = name == "NotResource";
      st.has_resource = true;
    } else if (name == "Principal" || name == "NotPrincipal") {
      if (st.principal || st.not_principal)
        return error_at(at, "a statement has either Principal or NotPrincipal, not both");
      auto set = principal_set(value, at);
      if (!set.ok()) return set.error();
      (name == "Principal" ? st.principal : st.not_principal) = std::move(*set);
    } else if (name == "Condition") {
      auto conditions = conditions_of(value, variables, at);
      if (!conditions.ok()) return conditions.error();
      st.conditions = std::move(*conditions);
    } else {
      return error_at(at, "unknown statement element");
    }
  }
  if (!has_effect) return error_at(where, "statement without Effect");
  if (!has_action) return error_at(where, "statement without Action or NotAction");
  return st;
}

}  // namespace

bool is_negated(Operator op) {
  switch (op) {
    case Operator::StringNotEquals:
    case Operator::StringNotEqualsIgnoreCase:
    case Operator::StringNotLike:
    case Operator::NumericNotEquals:
    case Operator::DateNotEquals:
    case Operator::NotIpAddress:
    case Operator::ArnNotEquals:
    case Operator::ArnNotLike:
      return true;
    default:
      return false;
  }
}

std::string_view to_string(Operator op) { return kOperatorNames[static_cast<size_t>(op)]; }

std::string Statement::label() const {
  return sid.empty() ? fmt::format("statement {}", index + 1) : fmt::format("Sid {}", sid);
}

Result<Policy> parse_policy(const json& document) {
  if (!document.is_object()) return Error("a policy document must be a JSON object");
  Policy policy;
  auto version = document.find("Version");
  if (version != document.end()) {
    if (!version->is_string()) return error_at("Version", "expected a string");
    policy.version = version->get<std::string>();
  }
  policy.variables = policy.version == "2012-10-17";
  auto statements = document.find("Statement");
  if (statements == document.end()) return Error("the policy document has no Statement");
  for (const auto& [name, value] : document.items()) {
    if (name != "Version" && name != "Statement" && name != "Id")
      return error_at(name, "unknown policy element (Version, Id, Statement)");
  }
  if (statements->is_array()) {
    for (size_t i = 0; i < statements->size(); ++i) {
      auto st = statement_of((*statements)[i], i, policy.variables);
      if (!st.ok()) return st.error();
      policy.statements.push_back(std::move(*st));
    }
  } else {
    auto st = statement_of(*statements, 0, policy.variables);
    if (!st.ok()) return st.error();
    policy.statements.push_back(std::move(*st));
  }
  return policy;
}

Result<Policy> parse_policy_text(std::string_view json_text) {
  if (auto deep = find_json_depth_excess(json_text, 64))
    return Error::at_offset("the policy document nests deeper than 64 levels", *deep);
  // A member written twice has no one meaning (the JSON parser would keep the
  // last): refuse the document rather than read it one way.
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  json::parser_callback_t watch = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    if (event == json::parse_event_t::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == json::parse_event_t::key && !open_objects.empty() &&
        !open_objects.back().insert(parsed.get<std::string>()).second && duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  json document = json::parse(json_text, watch, false);
  if (document.is_discarded()) return Error("the policy document is not valid JSON");
  if (!duplicate.empty())
    return Error(
        fmt::format("the policy document names \"{}\" twice in one object; AWS does not say which "
                    "one counts",
                    duplicate));
  return parse_policy(document);
}

}  // namespace vigil::iam
