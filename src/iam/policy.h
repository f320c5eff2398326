// IAM policy documents: the model every form shares (identity, resource,
// role trust, SCP, RCP, permission boundary, session policy) and its parser.
//
// Contract
// - parse_policy reads the JSON form AWS stores: Statement as one object or
//   a list; Action/NotAction, Resource/NotResource and every Principal value
//   as a string or a list; Principal/NotPrincipal as "*" or a map of kinds
//   (AWS, Service, Federated, CanonicalUser); Condition as
//   {operator: {key: value or [values]}} with strings, numbers and booleans.
// - A document Vigil cannot read exactly is an error naming the place
//   ("Statement[2].Condition.StringLikee: unknown condition operator"), never
//   a partial policy: an unknown Effect or operator, a statement without
//   Action or NotAction, both Action and NotAction, nested objects as values,
//   an unparsable number, date or address in a condition, a member written
//   twice in one object (parse_policy_text; nobody can say which one counts).
// - Names are case-insensitive where AWS's are (operators, condition keys,
//   Effect is not): keys are kept as written and in lower case.
// - Version "2012-10-17" enables policy variables; an older or missing
//   Version makes ${...} plain text, as in AWS.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::iam {

enum class Effect { Allow, Deny };

// Principal or NotPrincipal. `any`: "*" or {"AWS": "*"} (every caller,
// anonymous ones included).
struct PrincipalSet {
  bool any = false;
  std::vector<std::string> aws;        // account ids, ARNs (maybe with wildcards)
  std::vector<std::string> service;    // "s3.amazonaws.com"
  std::vector<std::string> federated;  // "cognito-identity.amazonaws.com", SAML/OIDC provider ARNs
  std::vector<std::string> canonical;  // canonical user ids
};

enum class Operator {
  StringEquals,
  StringNotEquals,
  StringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase,
  StringLike,
  StringNotLike,
  NumericEquals,
  NumericNotEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  DateEquals,
  DateNotEquals,
  DateLessThan,
  DateLessThanEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  Bool,
  BinaryEquals,
  IpAddress,
  NotIpAddress,
  ArnEquals,
  ArnLike,
  ArnNotEquals,
  ArnNotLike,
  Null,
};

enum class SetQualifier { None, ForAllValues, ForAnyValue };

// One (operator, key) entry of a Condition block.
struct Condition {
  std::string operator_text;  // as written: "ForAnyValue:StringLikeIfExists"
  Operator op = Operator::StringEquals;
  SetQualifier qualifier = SetQualifier::None;
  bool if_exists = false;
  std::string key;                  // as written
  std::string key_lower;            // for lookups
  std::vector<std::string> values;  // numbers and booleans as their JSON text
};

bool is_negated(Operator op);  // StringNotEquals, NotIpAddress, ArnNotLike ...
std::string_view to_string(Operator op);

struct Statement {
  size_t index = 0;  // position in the document
  std::string sid;
  Effect effect = Effect::Allow;
  std::optional<PrincipalSet> principal;
  std::optional<PrincipalSet> not_principal;
  std::vector<std::string> actions;
  bool not_action = false;
  std::vector<std::string> resources;  // empty and !has_resource: no Resource element
  bool not_resource = false;
  bool has_resource = false;
  std::vector<Condition> conditions;

  // "Sid PublicRead" or "statement 2" (1-based) for messages.
  std::string label() const;
};

struct Policy {
  std::string version;
  bool variables = false;  // Version 2012-10-17
  std::vector<Statement> statements;
};

Result<Policy> parse_policy(const nlohmann::json& document);
Result<Policy> parse_policy_text(std::string_view json_text);

}  // namespace vigil::iam
