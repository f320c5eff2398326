// Condition operators: see condition.h.
#include "iam/condition.h"

#include <algorithm>

#include "iam/address.h"
#include "iam/pattern.h"
#include "iam/values.h"

namespace vigil::iam {
namespace {

// The positive form of a negated operator.
Operator positive_of(Operator op) {
  switch (op) {
    case Operator::StringNotEquals:
      return Operator::StringEquals;
    case Operator::StringNotEqualsIgnoreCase:
      return Operator::StringEqualsIgnoreCase;
    case Operator::StringNotLike:
      return Operator::StringLike;
    case Operator::NumericNotEquals:
      return Operator::NumericEquals;
    case Operator::DateNotEquals:
      return Operator::DateEquals;
    case Operator::NotIpAddress:
      return Operator::IpAddress;
    case Operator::ArnNotEquals:
      return Operator::ArnEquals;
    case Operator::ArnNotLike:
      return Operator::ArnLike;
    default:
      return op;
  }
}

bool takes_variables(Operator op) {
  switch (op) {
    case Operator::StringEquals:
    case Operator::StringEqualsIgnoreCase:
    case Operator::StringLike:
    case Operator::ArnEquals:
    case Operator::ArnLike:
      return true;
    default:
      return false;
  }
}

// Text with the literal-wildcard markers of pattern.h turned back to plain characters.
std::string plain(std::string_view pattern) {
  std::string out(pattern);
  for (char& c : out) c = c == kLiteralStar ? '*' : c == kLiteralQuestion ? '?' : c;
  return out;
}

template <typename Compare>
bool compare_numbers(std::optional<double> policy, std::optional<double> request, Compare cmp) {
  return policy && request && cmp(*request, *policy);
}

// Whether one request value matches one (substituted) policy value under a
// positive operator.
bool value_matches(Operator op, const std::string& policy, const std::string& request) {
  switch (op) {
    case Operator::StringEquals:
      return plain(policy) == request;
    case Operator::StringEqualsIgnoreCase:
      return iequals(plain(policy), request);
    case Operator::StringLike:
      return glob_match(policy, request, false);
    case Operator::NumericEquals:
      return compare_numbers(parse_number(policy), parse_number(request), std::equal_to<>());
    case Operator::NumericLessThan:
      return compare_numbers(parse_number(policy), parse_number(request), std::less<>());
    case Operator::NumericLessThanEquals:
      return compare_numbers(parse_number(policy), parse_number(request), std::less_equal<>());
    case Operator::NumericGreaterThan:
      return compare_numbers(parse_number(policy), parse_number(request), std::greater<>());
    case Operator::NumericGreaterThanEquals:
      return compare_numbers(parse_number(policy), parse_number(request), std::greater_equal<>());
    case Operator::DateEquals:
      return compare_numbers(parse_date(policy), parse_date(request), std::equal_to<>());
    case Operator::DateLessThan:
      return compare_numbers(parse_date(policy), parse_date(request), std::less<>());
    case Operator::DateLessThanEquals:
      return compare_numbers(parse_date(policy), parse_date(request), std::less_equal<>());
    case Operator::DateGreaterThan:
      return compare_numbers(parse_date(policy), parse_date(request), std::greater<>());
    case Operator::DateGreaterThanEquals:
      return compare_numbers(parse_date(policy), parse_date(request), std::greater_equal<>());
    case Operator::Bool:
      return iequals(policy, request);
    case Operator::BinaryEquals:
      return policy == request;
    case Operator::IpAddress: {
      auto block = parse_cidr(policy);
      auto address = parse_cidr(request);
      return block && address && address->prefix == address->width() && block->contains(*address);
    }
    case Operator::ArnEquals:
    case Operator::ArnLike:
      return arn_match(policy, request);
    default:
      return false;
  }
}

}  // namespace

bool condition_holds(const Condition& c, const Context& context, bool variables) {
  const std::vector<std::string>* present = context.find(c.key_lower);
  if (present && present->empty()) present = nullptr;
  if (c.op == Operator::Null) {
    return std::any_of(c.values.begin(), c.values.end(), [&](const std::string& v) {
      return iequals(v, "true") ? present == nullptr : present != nullptr;
    });
  }
  bool negated = is_negated(c.op);
  if (!present) {
    switch (c.qualifier) {
      case SetQualifier::ForAllValues:
        return true;
      case SetQualifier::ForAnyValue:
        return c.if_exists;
      case SetQualifier::None:
        return c.if_exists || negated;
    }
  }
  Operator op = positive_of(c.op);
  // Policy values with their variables substituted; unresolved ones dropped.
  std::vector<std::string> policy_values;
  policy_values.reserve(c.values.size());
  for (const std::string& v : c.values) {
    if (variables && takes_variables(op) && has_variable(v)) {
      auto lookup = [&](std::string_view key) { return context.find(key); };
      if (auto s = substitute(v, lookup)) policy_values.push_back(std::move(*s));
    } else {
      policy_values.push_back(v);
    }
  }
  auto satisfied = [&](const std::string& request) {
    bool any = std::any_of(policy_values.begin(), policy_values.end(),
                           [&](const std::string& p) { return value_matches(op, p, request); });
    return negated ? !any : any;
  };
  bool all_values =
      c.qualifier == SetQualifier::ForAllValues || (c.qualifier == SetQualifier::None && negated);
  return all_values ? std::all_of(present->begin(), present->end(), satisfied)
                    : std::any_of(present->begin(), present->end(), satisfied);
}

bool conditions_hold(const std::vector<Condition>& conditions, const Context& context,
                     bool variables) {
  return std::all_of(conditions.begin(), conditions.end(),
                     [&](const Condition& c) { return condition_holds(c, context, variables); });
}

}  // namespace vigil::iam
