// AWS IAM policy documents in CEL, on top of the IAM evaluator (src/iam/):
// one analysis of "who may use this resource" shared by every access policy
// (S3, SQS, SNS, Lambda, KMS, OpenSearch, EFS, ECR, Secrets Manager, role
// trust) instead of one CEL copy per policy file.
//
//   aws_policy_statements(doc)   the document's statements as a list (Statement
//                                may be one object or a list), each a map whose
//                                Action, NotAction, Resource and NotResource are
//                                lists when present; other members unchanged.
//   aws_policy_reach(doc [, ctx])  who outside the company can get Allow, as a
//                                list of findings (iam/reach.h), each a map
//                                {kind, who, principal, statements, why, exact,
//                                condition_keys (of the granting statements, lower case)}:
//                                kind is "anonymous", "any-account", "account",
//                                "organization", "service" or "web-identity".
//   aws_policy_public(doc [, ctx]) the findings of aws_policy_reach whose kind
//                                makes the resource public (anonymous,
//                                any-account, web-identity).
//   aws_trust_reach(doc [, ctx])   aws_policy_reach for a role trust policy
//                                (AWS services act inside the account there).
//   aws_policy_decide(doc, request)  "allow", "explicit-deny" or "implicit-deny"
//                                for request {caller: {kind, id, account},
//                                action, resource, context: {key: value|[values]}}
//                                against the document alone.
// `doc` is a decoded document (map) or its JSON text. `ctx` is a map with
// "organization" (the company's organization id) and "accounts" (more of the
// company's account ids); the resource's account, every account of the
// inventory and the inventory's Company (inventory/company.h: vigil.yaml
// `company:`) are always the company's. A document the evaluator cannot read
// exactly (unknown operator, malformed statement) is an error (-> unknown),
// never "not public".
#pragma once

#include "cel/functions.h"

namespace vigil {

void add_aws_policy_functions(cel::FunctionRegistry& registry);

}  // namespace vigil
