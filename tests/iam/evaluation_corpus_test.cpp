// The request-evaluation corpus (tests/iam/corpus/*.yaml): policy documents,
// a request and the decision AWS documents for it. Every case must pass;
// the runner prints "N passed, M failed" and each failure with its file.
//
// A case is either
//   {name, policies: {identity: [doc...], resource: doc, scps: [[doc...]...],
//    rcps: [[...]], boundary: doc, session: doc, resource_account: ID,
//    resource_kind: resource | trust | key (trust and key policies must allow themselves)},
//    request: {caller: {kind, id, account}, action, resource, context},
//    expect: allow | explicit-deny | implicit-deny}
// or the shorthand for one policy document
//   {name, policy: doc, request: ..., expect: ...}          (an identity policy)
// or for one condition block
//   {name, condition: {Op: {key: values}}, context: {...}, expect: true|false}
// which is an Allow of every action on every resource under that condition,
// asked by a user of the same account.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corpus_util.h"
#include "iam/evaluate.h"

namespace vigil::iam {
namespace {

using nlohmann::json;

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

Context context_of(const json& j) {
  Context c;
  if (!j.is_object()) return c;
  for (const auto& [key, value] : j.items()) {
    if (value.is_array()) {
      std::vector<std::string> values;
      for (const auto& v : value) values.push_back(scalar_text(v));
      c.set(key, std::move(values));
    } else {
      c.set(key, scalar_text(value));
    }
  }
  return c;
}

Result<Request> request_of(const json& j) {
  Request r;
  json caller = j.value("caller", json::object());
  std::string kind = caller.value("kind", "aws");
  if (kind == "aws")
    r.caller.kind = CallerKind::Aws;
  else if (kind == "anonymous")
    r.caller.kind = CallerKind::Anonymous;
  else if (kind == "service")
    r.caller.kind = CallerKind::Service;
  else if (kind == "federated")
    r.caller.kind = CallerKind::Federated;
  else if (kind == "canonical-user")
    r.caller.kind = CallerKind::CanonicalUser;
  else
    return Error("unknown caller kind " + kind);
  r.caller.id = caller.value(
      "id", r.caller.kind == CallerKind::Aws ? "arn:aws:iam::111122223333:user/alice" : "");
  r.caller.account =
      caller.value("account", r.caller.kind == CallerKind::Aws ? "111122223333" : "");
  r.action = j.value("action", "s3:GetObject");
  r.resource = j.value("resource", "arn:aws:s3:::bucket/key");
  r.context = context_of(j.value("context", json::object()));
  return r;
}

Result<Policy> policy_of(const json& j) { return parse_policy(j); }

Result<PolicySet> policies_of(const json& c) {
  PolicySet set;
  if (c.contains("policy")) {
    auto p = policy_of(c["policy"]);
    if (!p.ok()) return p.error();
    set.identity.push_back(std::move(*p));
    return set;
  }
  if (c.contains("condition")) {
    json doc = {{"Version", "2012-10-17"},
                {"Statement",
                 {{{"Effect", "Allow"},
                   {"Action", "*"},
                   {"Resource", "*"},
                   {"Condition", c["condition"]}}}}};
    auto p = policy_of(doc);
    if (!p.ok()) return p.error();
    set.identity.push_back(std::move(*p));
    return set;
  }
  const json& ps = c.at("policies");
  for (const auto& d : ps.value("identity", json::array())) {
    auto p = policy_of(d);
    if (!p.ok()) return p.error();
    set.identity.push_back(std::move(*p));
  }
  for (const char* name : {"resource", "boundary", "session"}) {
    if (!ps.contains(name)) continue;
    auto p = policy_of(ps[name]);
    if (!p.ok()) return p.error();
    (std::string(name) == "resource"   ? set.resource
     : std::string(name) == "boundary" ? set.boundary
                                       : set.session) = std::move(*p);
  }
  for (const char* name : {"scps", "rcps"}) {
    for (const auto& level : ps.value(name, json::array())) {
      std::vector<Policy> policies;
      for (const auto& d : level) {
        auto p = policy_of(d);
        if (!p.ok()) return p.error();
        policies.push_back(std::move(*p));
      }
      (std::string(name) == "scps" ? set.scps : set.rcps).push_back(std::move(policies));
    }
  }
  set.resource_account = ps.value("resource_account", "");
  std::string kind = ps.value("resource_kind", "resource");  // resource | trust | key
  set.resource_must_allow = kind == "trust" || kind == "key";
  return set;
}

// Empty when the case passes, otherwise what went wrong.
std::string run_case(const json& c) {
  auto set = policies_of(c);
  if (!set.ok()) return "policy does not parse: " + set.error().message;
  Result<Request> request = c.contains("condition")
                                ? request_of({{"context", c.value("context", json::object())}})
                                : request_of(c.value("request", json::object()));
  if (!request.ok()) return request.error().message;
  Evaluation e = evaluate(*set, *request);
  std::string got(to_string(e.decision));
  std::string want = c.contains("condition")
                         ? (c.at("expect").get<bool>() ? "allow" : "implicit-deny")
                         : c.at("expect").get<std::string>();
  if (got == want) return {};
  return fmt::format("expected {}, got {} ({})", want, got, e.reason);
}

TEST(IamEvaluationCorpus, EveryCaseHasTheDocumentedDecision) {
  size_t cases = testing::run_corpus("corpus", "IAM evaluation corpus", run_case);
  EXPECT_GE(cases, 300u) << "the corpus holds at least 300 cases";
}

}  // namespace
}  // namespace vigil::iam
