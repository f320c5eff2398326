// AWS IAM policy documents in CEL: one evaluation of "who may use this
// resource policy", shared by every public-access policy (S3, SQS, SNS,
// Lambda, KMS, OpenSearch, EFS) instead of one CEL copy per policy file.
//
//   aws_policy_statements(doc)  the document's statements as a list (Statement
//                               may be one object or a list), each a map whose
//                               Action, NotAction, Resource and NotResource are
//                               lists when present (a single string becomes a
//                               one-element list); other members unchanged.
//   aws_policy_public(doc)      the statements (normalised as above) that grant
//                               access to anyone:
//     * Effect "Allow", and either NotPrincipal (everyone but the named) or a
//       Principal that is "*", or a map with a value (or list element) "*" or
//       an ARN whose account is "*" ({"AWS": "*"}, {"AWS": ["*"]}).
//     * Not limited by a restricting condition: a Condition entry whose key is
//       one of aws:SourceIp, aws:SourceVpc, aws:SourceVpce, aws:PrincipalOrgID,
//       aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn,
//       aws:SourceAccount, aws:SourceArn, aws:SourceOwner, aws:SourceOrgID,
//       aws:SourceOrgPaths, aws:userid, aws:username, kms:CallerAccount (any
//       case), with a positive operator (not a "Not" operator, not "...IfExists",
//       not "Null", not "ForAllValues:") and values that are all specific
//       (not "" or "*", and for aws:SourceIp not a /0 range).
//     * Not overridden by a Deny: a statement with Effect "Deny" that applies to
//       everyone (Principal "*" / {"AWS": "*"}, or NotPrincipal), whose Condition
//       is absent or made only of negated restricting entries ("deny unless from
//       this VPC endpoint / organisation / account"), and whose Action list and
//       Resource list cover every action and resource of the Allow ("*" and
//       "?" wildcards; actions case-insensitive). A Deny using NotAction or
//       NotResource, or with any other condition (aws:SecureTransport), is not
//       taken to override anything.
//   An argument that is not a map, or a document without Statement, is an
//   error (-> unknown): callers guard optional documents with has().
#pragma once

#include "cel/functions.h"

namespace vigil {

// Registers aws_policy_statements and aws_policy_public.
void add_aws_policy_functions(cel::FunctionRegistry& registry);

}  // namespace vigil
