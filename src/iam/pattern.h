// IAM string patterns: the wildcard matching of Action, Resource, StringLike
// and ArnLike, and policy variables (${aws:username}).
//
// Contract
// - glob_match: '*' matches any run of characters (also none), '?' exactly
//   one; every other character matches itself, ASCII case folded when
//   `fold_case`. Linear in the pattern times the text, no recursion.
// - arn_match: ArnLike/ArnEquals. Both texts are split into their six
//   colon-separated fields (the last keeps its colons); each field is matched
//   with glob_match on its own, so a '*' never spans a ':' before the
//   resource field. A text with fewer than six fields matches nothing.
// - substitute: replaces ${key} (key case-insensitive, looked up through
//   `lookup`), ${key, 'default'}, and the escapes ${*} ${?} ${$} with a
//   literal * ? $ that glob_match then takes as a plain character. Returns
//   nullopt when a variable has no value and no default: AWS then matches
//   nothing with that element. A multi-valued key cannot be a variable and
//   also gives nullopt.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::iam {

bool glob_match(std::string_view pattern, std::string_view text, bool fold_case);
bool arn_match(std::string_view pattern, std::string_view text);
bool has_wildcard(std::string_view pattern);

// Pattern characters produced by ${*} ${?}: matched literally.
inline constexpr char kLiteralStar = '\x01';
inline constexpr char kLiteralQuestion = '\x02';

// The values of a context key (lower-case name), or nullptr when absent.
using VariableLookup = std::function<const std::vector<std::string>*(std::string_view lower_key)>;
std::optional<std::string> substitute(std::string_view text, const VariableLookup& lookup);
bool has_variable(std::string_view text);

std::string lower_ascii(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

}  // namespace vigil::iam
