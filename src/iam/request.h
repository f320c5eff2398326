// A request as IAM policies see it: who calls, which action on which
// resource, and the request context (the values of condition keys).
//
// Contract
// - Context keys are case-insensitive (stored in lower case). A key holds
//   one value (single-valued keys such as aws:SourceIp) or several
//   (multi-valued keys such as aws:TagKeys); an absent key and a key with no
//   value differ only for Null (both are "not present" to every other
//   operator).
// - Caller::id is the ARN of an AWS principal (user, role, assumed-role
//   session, account root), the service name of a service principal
//   ("sns.amazonaws.com"), the identity provider of a federated caller
//   ("token.actions.githubusercontent.com", a SAML provider ARN), a canonical
//   user id; empty for an anonymous caller.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::iam {

enum class CallerKind { Anonymous, Aws, Service, Federated, CanonicalUser };

struct Caller {
  CallerKind kind = CallerKind::Anonymous;
  std::string id;
  std::string account;  // for CallerKind::Aws: the 12-digit account id
  // Whether a permission boundary is attached to the caller: a Deny with
  // NotPrincipal then applies to it whatever the NotPrincipal lists (AWS).
  bool has_boundary = false;
};

class Context {
 public:
  void set(std::string_view key, std::string value);
  void set(std::string_view key, std::vector<std::string> values);
  void erase(std::string_view key);
  // nullptr when absent.
  const std::vector<std::string>* find(std::string_view lower_key) const;
  const std::map<std::string, std::vector<std::string>, std::less<>>& values() const {
    return values_;
  }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;  // lower-case key -> values
};

struct Request {
  Caller caller;
  std::string action;    // "s3:GetObject"
  std::string resource;  // ARN, or empty for actions without a resource (sts:AssumeRole: the role)
  Context context;
};

std::string_view to_string(CallerKind kind);

}  // namespace vigil::iam
