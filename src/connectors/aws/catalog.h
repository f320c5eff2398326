// The AWS resource catalog: what Vigil reads from a capture directory for
// each asset type, as data. The capture reader (capture_reader.h) is
// generic; everything type-specific is an entry here.
//
// Capture layout (docs/capture-format.md):
//   <capture>/<account>/<region>/<service>/<Operation>.json        region-wide call
//   <capture>/<account>/<region>/<service>/<Operation>/<key>.json  per-resource call
//   <capture>/<account>/<region>/<service>/<Operation>/<key>/<key2>.json  fan-out call
// <region> is "global" for global services (IAM, S3, Organizations).
//
// HOW TO ADD A RESOURCE TYPE
//  1. Pick (or create) src/connectors/aws/catalog_<service>.cpp and add a
//     ResourceType to its add_<service>_types() function. A new file also
//     needs its function declared below and called in catalog.cpp
//     (resource_catalog()); the linker would drop self-registering objects
//     from the static library, so registration is this explicit list.
//  2. Fill in, using the AWS CLI output shape (PascalCase, as in the API
//     reference):
//       type        "aws.<service>.<resource>"
//       service     capture folder, the CLI service name ("ec2", "elbv2")
//       global      true when read from the "global" region folder
//       list_operation + items: the region-wide call and the path of the
//                   resources in its output ("SecurityGroups",
//                   "Reservations[].Instances[]"); see Path below.
//                   list_args: extra AWS CLI arguments the capture script
//                   passes ("--owners self").
//       arn         the ARN: a field path ("DBInstanceArn") or a template
//                   "arn:{partition}:ec2:{region}:{account}:volume/{VolumeId}"
//                   ({partition}, {region}, {account}, {<field path>}).
//                   A field path wins when the field is present, else the
//                   template (arn_template) is used.
//       name        candidate name sources, first non-empty wins:
//                   a field path, or "tag:<Key>" for a tag.
//       tags        where the tags are: a path into the item or into a
//                   per-resource output ("Tags", "TagList",
//                   "BucketTagging.TagSet", "Tags.TagDescriptions[].Tags[]").
//                   Lists of {Key, Value} and plain {key: value} maps are
//                   both understood.
//       calls       per-resource calls: operation, the item field whose
//                   value is the file key (or "@arn" for the asset id), the AWS
//                   CLI option that takes it ("--load-balancer-arn"), and the
//                   error codes that mean "not configured" (absence, not
//                   an error). The output is merged under
//                   config.<Operation minus Get/Describe/List>: see THE
//                   NAMING RULE below; there is no override.
//       json_strings paths (into the merged config) of string fields that
//                   hold JSON documents (policies): decoded in place;
//                   url_decode first for IAM's URL-encoded documents.
//       relations   relation -> field path -> target id template ("{}" is
//                   the field value; "" means the value is already an ARN).
//                   reverse = true puts the edge on the target instead
//                   (security group -> network_interfaces from the ENI's
//                   Groups[].GroupId); reverse edges are resolved within
//                   one account/region/service folder.
//       owner_field when set, items whose field differs from the account
//                   are not the account's own (e.g. public AMIs): skipped.
//       hook        rarely: a function run on the assembled asset parts
//                   before it is frozen, for decoding no table can express.
//     MORE FIELDS, for APIs that do not fit the above:
//       item_member  the list call returns bare strings (ListTables'
//                   TableNames, ListQueues' QueueUrls): each becomes the
//                   object {<item_member>: "<string>"} (item_list.h).
//       items_optional  the list output omits the items member when there
//                   are none (ListQueues): its absence means no items
//                   instead of an UnexpectedShape failed scope.
//       home_region_field  items whose field is set and differs from the
//                   folder's region are skipped: DescribeTrails lists a
//                   multi-region trail in every region, it is kept once,
//                   in its HomeRegion.
//       joins       a region-wide output joined into every item by key
//                   (FolderJoin; the IAM credential report's row per user).
//       A call's `args` may hold {<field path>} placeholders of the item
//       ("--version-id {DefaultVersionId}" for GetPolicyVersion): the capture
//       script substitutes them per resource.
//     FAN-OUT CALLS (two keys): a call whose `each` is set is made once per
//     string that path reaches in the merged config, i.e. in the output of an
//     EARLIER call of the same type (GetUserPolicy once per name of
//     ListUserPolicies: .each = "UserPolicies.PolicyNames[]"), with the item's
//     key for `parameter` and that string for `each_parameter`
//     ("--policy-name"). Files: <Operation>/<folder key>/<second key>.json,
//     both names by the one rule of capture_files.h (resource_folder_name,
//     resource_file_name). config.<name> is the JSON array of the outputs,
//     each unchanged, in the order of the names (the rule below, once per
//     key). Semantics:
//       - no names (an empty list, or the earlier call answered an absence
//         code) -> [] (no file, no folder needed);
//       - the earlier call failed -> config.<name> unavailable, same reason;
//       - any one file missing, malformed or an error not in absent_codes ->
//         config.<name> unavailable as a whole (a partial list would read
//         as "fewer documents": Vigil never errs toward "safe");
//       - an absent code (NoSuchEntity: deleted between the two calls) ->
//         that output is left out.
//  3. Add a test case in tests/connectors/ with a small capture tree, and
//     run the CaptureDoc tests (connectors_tests): they fail until docs/capture-format.md
//     holds the operations table generated from this catalog
//     (operations_markdown() in capture_doc.h; the test prints the table).
//
// THE NAMING RULE (issue 3, "Normalization"; no exceptions, no overrides):
// the output of a per-resource call, unchanged (every member the AWS CLI
// prints, no unwrapping), is config.<Operation minus its Describe/Get/List
// prefix>. Whoever knows the AWS CLI output knows the path:
//   GetBucketAcl        -> config.BucketAcl            {Owner, Grants}
//   GetBucketPolicy     -> config.BucketPolicy         {Policy: {decoded document}}
//   GetPublicAccessBlock-> config.PublicAccessBlock    {PublicAccessBlockConfiguration: {...}}
//   ListAccessKeys      -> config.AccessKeys           {AccessKeyMetadata: [...], IsTruncated}
//   GetUserPolicy       -> config.UserPolicy           [{UserName, PolicyName, PolicyDocument}]
//   DescribeKey         -> config.Key                  {KeyMetadata: {...}}
//   ListTags (CloudTrail)-> config.Tags                {ResourceTagList: [...]}
// Account settings (account_settings(), the aws.account asset) follow the
// same rule: GetAccountPasswordPolicy -> config.AccountPasswordPolicy
// {PasswordPolicy}, GetAccountSummary -> config.AccountSummary {SummaryMap},
// s3control GetPublicAccessBlock -> config.PublicAccessBlock; PerRegion
// settings add .<region> (ListDetectors -> config.Detectors.<region>).
// Only two documented transformations exist, both stated by the issue:
// embedded JSON documents are decoded in place (json_strings), and the IAM
// credential report (CSV) becomes one row object (config.CredentialReport,
// the FolderJoin / SettingDecode), which is also Operation minus Get.
// Collisions: a call output is set after the list item is copied, so if the
// item already had a member of the same name, the call output replaces it
// (JsonTree::set). No catalog entry has such a collision today (catalog_test
// checks that no two calls or settings of one asset share a name); a new
// entry that would collide must keep the rule and say so in its file.
// AWS Config (src/connectors/aws_config) maps supplementaryConfiguration
// onto these same names, in the same shape, so policies work on both.
//
// Path syntax: dot-separated member names; "[]" after a name iterates the
// array (flattening), e.g. "Reservations[].Instances[]", "Attachments[].InstanceId".
// A path that does not resolve yields nothing (never an error). For
// `items`, a path ending at an array means its elements ("SecurityGroups").
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_builder.h"
#include "core/result.h"

namespace vigil::aws {

struct PerResourceCall {
  std::string_view operation;                  // "GetBucketAcl"
  std::string_view key;                        // item field path, or "@arn" (the asset id)
  std::string_view parameter;                  // the AWS CLI option taking the key: "--bucket"
  std::vector<std::string_view> absent_codes;  // e.g. "NoSuchBucketPolicy"
  std::string_view args = {};                  // extra AWS CLI arguments for scripts/aws-capture.sh
  // A fan-out call (two keys; see "FAN-OUT CALLS" above): one call per string
  // the `each` path reaches in the merged config, passed to `each_parameter`.
  std::string_view each = {};            // "UserPolicies.PolicyNames[]"
  std::string_view each_parameter = {};  // "--policy-name"
  bool fans_out() const { return !each.empty(); }
};

struct Relation {
  std::string_view name;  // "volumes"
  std::string_view path;  // "BlockDeviceMappings[].Ebs.VolumeId"
  std::string_view
      target;            // "arn:{partition}:ec2:{region}:{account}:volume/{}"; "" = value is the id
  bool reverse = false;  // the edge belongs to the target asset, named `name`
  // Reverse: the type that carries the edge. Every asset of it in the
  // folder gets the relation (empty when nothing points to it; unavailable
  // when this type's list call failed). Otherwise optional: the type of the
  // assets a bare-ARN relation (target "") names, for readers that need it
  // (resource_shape.h); it changes nothing in how edges are built.
  std::string_view target_type = {};
};

struct JsonStringField {
  std::string_view path;  // into the merged config, e.g. "Domain.DomainStatus.AccessPolicies"
  bool url_decode = false;
};

// The parts of one asset while it is assembled, for hooks.
struct AssetParts {
  std::string account, region;
  JsonTree config;  // object
  JsonTree tags;    // object of strings
  std::string id, name;
};

// A region-wide output of the same folder joined into each item: `index`
// turns the parsed output into entries by key (run once per folder); the
// entry whose key is the item's `key` field goes to config.<config_name>.
// No file, an error file (not in absent_codes) or an index error make the
// member unavailable (a collection error); no entry for the item means
// absence (e.g. a user created after the credential report).
struct FolderJoin {
  std::string_view operation;    // "GetCredentialReport"
  std::string_view key;          // item field path: "UserName"
  std::string_view config_name;  // "CredentialReport"
  std::function<Result<std::vector<std::pair<std::string, JsonTree>>>(simdjson::dom::element)>
      index;
  std::vector<std::string_view> absent_codes = {};
};

struct ResourceType {
  std::string_view type;     // "aws.ec2.instance"
  std::string_view service;  // "ec2"
  bool global = false;
  std::string_view list_operation;  // "DescribeInstances"
  std::string_view items;           // "Reservations[].Instances[]"
  std::string_view list_args = {};  // extra AWS CLI arguments ("--owners self")
  std::string_view arn_field = {};
  std::string_view arn_template = {};
  std::vector<std::string_view> name;  // {"tag:Name", "InstanceId"}
  std::string_view tags = {};
  std::vector<PerResourceCall> calls = {};
  std::vector<JsonStringField> json_strings = {};
  std::vector<Relation> relations = {};
  std::string_view owner_field = {};
  std::function<void(AssetParts&)> hook = {};
  // Extensions (item_list.h, folder_join.h): see "MORE FIELDS" above.
  std::string_view item_member = {};        // bare-string items become {<item_member>: "<string>"}
  bool items_optional = false;              // a list output without the items member has no items
  std::string_view home_region_field = {};  // items whose field names another region are skipped
  std::vector<FolderJoin> joins = {};
};

// Account-wide settings merged into the one `aws.account` asset per account,
// named by the rule (config_name_of(operation)), the output unchanged:
//   Global     <account>/global/<service>/<Operation>.json -> config.<name>
//   AnyRegion  the first region folder (sorted) that has the file -> config.<name>
//   PerRegion  every region folder -> config.<name>.<region> (a map)
// A missing file is "not captured": the part (or the region's entry) is
// unavailable, code NotCaptured. An error file whose code is in
// absent_codes is absence: the member is omitted (per region: null).
enum class SettingScope { Global, AnyRegion, PerRegion };
enum class SettingDecode {
  None,
  CredentialReportRoot,  // GetCredentialReport: base64 CSV -> the <root_account> row as an object
};
struct AccountSetting {
  std::string_view service;
  std::string_view operation;
  SettingScope scope = SettingScope::Global;
  std::vector<std::string_view> absent_codes = {};
  SettingDecode decode = SettingDecode::None;
  std::string_view args = {};  // extra AWS CLI arguments ("{account}" is replaced)
};

// Every resource type, in a fixed order (built once, thread-safe).
const std::vector<ResourceType>& resource_catalog();
const ResourceType* find_resource_type(std::string_view type);
// Every asset type the AWS connectors produce: the catalog's types and
// aws.account, sorted (policy loading checks `resource` against them).
std::vector<std::string> asset_types();
// The account-wide settings of the aws.account asset.
const std::vector<AccountSetting>& account_settings();
// Whether any catalog entry or account setting reads this file.
bool is_known_operation(std::string_view service, std::string_view operation);
bool is_known_service(std::string_view service);

// config.<name> of a call or setting: the operation minus its
// Describe/Get/List prefix (GetBucketAcl -> BucketAcl). THE NAMING RULE above.
std::string config_name_of(std::string_view operation);
std::string config_name_of(const PerResourceCall& call);
std::string config_name_of(const AccountSetting& setting);

// Per service file: each adds its types to `out`.
void add_ec2_types(std::vector<ResourceType>& out);
void add_elb_types(std::vector<ResourceType>& out);
void add_database_types(std::vector<ResourceType>& out);  // RDS, Redshift, OpenSearch
void add_iam_types(std::vector<ResourceType>& out);
void add_s3_types(std::vector<ResourceType>& out);
void add_cloudtrail_types(std::vector<ResourceType>& out);
void add_kms_types(std::vector<ResourceType>& out);
void add_lambda_types(std::vector<ResourceType>& out);
void add_acm_types(std::vector<ResourceType>& out);
void add_monitoring_types(std::vector<ResourceType>& out);  // CloudWatch Logs, CloudWatch alarms
void add_messaging_types(std::vector<ResourceType>& out);   // SNS, SQS
void add_registry_types(std::vector<ResourceType>& out);    // ECR, Secrets Manager
void add_storage_types(std::vector<ResourceType>& out);     // EFS, DynamoDB
void add_cloudfront_types(std::vector<ResourceType>& out);

}  // namespace vigil::aws
