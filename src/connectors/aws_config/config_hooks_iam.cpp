// AWS::IAM::* , AWS::KMS::Key and AWS::Lambda::Function: Config's lists
// rebuilt as the outputs of the capture's per-resource calls, named by the
// catalog rule (catalog.h: the output of ListX/GetX/DescribeX, unchanged, is config.X).
//   attachedManagedPolicies [{policyName, policyArn}]
//                                  -> Attached{User,Group,Role}Policies {AttachedPolicies}
//   userPolicyList/groupPolicyList/rolePolicyList [{policyName, policyDocument}]
//                                  -> UserPolicies/GroupPolicies/RolePolicies {PolicyNames}
//                                  and UserPolicy/GroupPolicy/RolePolicy
//                                  [{UserName|GroupName|RoleName, PolicyName, PolicyDocument}]
//                                  (the fan-out Get*Policy outputs; absent list: NotInAwsConfig)
//   groupList ["name"]             -> GroupsForUser {Groups: [{GroupName, Arn}]} (Path "/" assumed)
//   policyVersionList [...]        -> PolicyVersion {PolicyVersion: the default version}
//   KMS KeyMetadata                -> {KeyId, KeyArn}, Key {KeyMetadata}, tags -> ResourceTags;
//       supplementary KeyRotationStatus (bool) -> KeyRotationStatus {KeyRotationEnabled},
//       supplementary Policy (JSON string)     -> KeyPolicy {PolicyName "default", Policy}
//   {Tags} Lambda Policy                  -> Policy {Policy}
//   KMS alias {AliasName, TargetKeyId}     -> ListAliases' entry: AliasArn built as the
//       catalog builds it, TargetKeyId a key id (an ARN is cut to it, as ListAliases
//       prints ids); CreationDate, LastUpdatedDate -> unavailable
// Policy documents stay strings here; the catalog's json_strings decode them.
#include <fmt/format.h>

#include "connectors/aws/assemble.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

// Wraps `value` as the call output {member: value} under config.<name>.
void set_output(ConfigContext& c, std::string_view name, std::string_view member, JsonTree value) {
  JsonTree output = JsonTree::object();
  output.add(std::string(member), std::move(value));
  c.parts.config.set(name, std::move(output));
  c.provided.insert(std::string(name));
}

// `name`: ListAttachedUserPolicies -> "AttachedUserPolicies", ...
void attached_policies(ConfigContext& c, std::string_view name) {
  if (std::optional<JsonTree> list = take_member(c.parts.config, "AttachedManagedPolicies"))
    set_output(c, name, "AttachedPolicies", std::move(*list));
}

// `kind`: "User", "Group" or "Role". Config's {policyName, policyDocument}
// list -> List<kind>Policies' {PolicyNames} and the fan-out
// Get<kind>Policy outputs [{<kind>Name, PolicyName, PolicyDocument}]
// (catalog_iam.cpp), documents left URL-encoded for the catalog's json_strings.
void inline_policies(ConfigContext& c, std::string_view kind) {
  std::optional<JsonTree> list = take_member(c.parts.config, fmt::format("{}PolicyList", kind));
  if (!list) return;
  std::string owner_member = fmt::format("{}Name", kind);
  std::string owner(tree_string(c.parts.config.find(owner_member)).value_or(""));
  JsonTree names = JsonTree::array(), outputs = JsonTree::array();
  for (size_t i = 0; list->kind() == JsonTree::Kind::Array && i < list->size(); ++i) {
    JsonTree& entry = list->at(i);
    if (!entry.is_object()) continue;
    std::optional<std::string_view> name = tree_string(entry.find("PolicyName"));
    if (!name) continue;
    names.push(JsonTree::string(std::string(*name)));
    JsonTree output = JsonTree::object();
    output.add(owner_member, JsonTree::string(owner));
    output.add("PolicyName", JsonTree::string(std::string(*name)));
    if (JsonTree* document = entry.find("PolicyDocument")) output.add("PolicyDocument", *document);
    outputs.push(std::move(output));
  }
  set_output(c, fmt::format("{}Policies", kind), "PolicyNames", std::move(names));
  c.parts.config.set(fmt::format("{}Policy", kind), std::move(outputs));
  c.provided.insert(fmt::format("{}Policy", kind));
}

}  // namespace

void iam_user_hook(ConfigContext& c) {
  (void)take_member(c.parts.config,
                    "Tags");  // ListUsers prints none: tags are config.UserTags (ListUserTags)
  attached_policies(c, "AttachedUserPolicies");
  inline_policies(c, "User");
  if (std::optional<JsonTree> list = take_member(c.parts.config, "GroupList")) {
    JsonTree groups = JsonTree::array();
    for (size_t i = 0; list->kind() == JsonTree::Kind::Array && i < list->size(); ++i) {
      std::optional<std::string_view> name = tree_string(&list->at(i));
      if (!name) continue;
      JsonTree g = JsonTree::object();
      g.add("GroupName", JsonTree::string(std::string(*name)));
      g.add("Arn", JsonTree::string(fmt::format("arn:{}:iam::{}:group/{}",
                                                aws::partition_of(c.parts.region), c.parts.account,
                                                *name)));
      groups.push(std::move(g));
    }
    set_output(c, "GroupsForUser", "Groups", std::move(groups));
  }
}

void iam_group_hook(ConfigContext& c) {
  attached_policies(c, "AttachedGroupPolicies");
  inline_policies(c, "Group");
  c.unavailable.emplace_back("Group", "AWS Config does not record a group's members (GetGroup)");
}

void iam_role_hook(ConfigContext& c) {
  (void)take_member(c.parts.config, "Tags");  // tags are config.RoleTags (ListRoleTags)
  attached_policies(c, "AttachedRolePolicies");
  inline_policies(c, "Role");
  (void)take_member(c.parts.config, "InstanceProfileList");  // not in ListRoles' shape
}

void iam_policy_hook(ConfigContext& c) {
  std::optional<JsonTree> versions = take_member(c.parts.config, "PolicyVersionList");
  if (!versions || versions->kind() != JsonTree::Kind::Array) return;
  std::string_view default_id = tree_string(c.parts.config.find("DefaultVersionId")).value_or("");
  for (size_t i = 0; i < versions->size(); ++i) {
    JsonTree& v = versions->at(i);
    if (!v.is_object()) continue;
    bool is_default =
        tree_bool(v.find("IsDefaultVersion")).value_or(false) ||
        (!default_id.empty() && tree_string(v.find("VersionId")).value_or("") == default_id);
    if (!is_default) continue;
    set_output(c, "PolicyVersion", "PolicyVersion", v);
    return;
  }
}

void kms_key_hook(ConfigContext& c) {
  JsonTree metadata = std::move(c.parts.config);
  JsonTree config = JsonTree::object();
  if (auto id = tree_string(metadata.find("KeyId")))
    config.add("KeyId", JsonTree::string(std::string(*id)));
  if (auto arn = tree_string(metadata.find("Arn")))
    config.add("KeyArn", JsonTree::string(std::string(*arn)));
  // AWS Config records the rotation in supplementaryConfiguration.KeyRotationStatus
  // (a boolean) and the key policy in supplementaryConfiguration.Policy (a JSON
  // string): GetKeyRotationStatus' {KeyRotationEnabled} and GetKeyPolicy's {Policy}.
  JsonTree& supp = const_cast<JsonTree&>(c.supplementary);  // owned tree; find() is non-const
  std::optional<bool> rotation = tree_bool(supp.find("KeyRotationStatus"));
  if (!rotation) rotation = tree_bool(metadata.find("KeyRotationEnabled"));
  if (rotation) {
    JsonTree status = JsonTree::object();
    status.add("KeyRotationEnabled", JsonTree::boolean(*rotation));
    config.add("KeyRotationStatus", std::move(status));
    c.provided.insert("KeyRotationStatus");
  }
  if (JsonTree* policy = supp.find("Policy"); policy && policy->kind() != JsonTree::Kind::Null) {
    JsonTree output = JsonTree::object();
    output.add("PolicyName", JsonTree::string("default"));
    output.add("Policy", std::move(*policy));  // a JSON string: decoded by the catalog's json_strings
    config.add("KeyPolicy", std::move(output));
    c.provided.insert("KeyPolicy");
  }
  JsonTree key = JsonTree::object();  // DescribeKey's output
  key.add("KeyMetadata", std::move(metadata));
  config.add("Key", std::move(key));
  c.provided.insert("Key");
  JsonTree tags = JsonTree::array();  // ListResourceTags' {TagKey, TagValue}
  for (size_t i = 0; i < c.parts.tags.size(); ++i) {
    JsonTree tag = JsonTree::object();
    tag.add("TagKey", JsonTree::string(c.parts.tags.key_at(i)));
    tag.add("TagValue", c.parts.tags.at(i));
    tags.push(std::move(tag));
  }
  JsonTree resource_tags = JsonTree::object();
  resource_tags.add("Tags", std::move(tags));
  config.add("ResourceTags", std::move(resource_tags));
  c.provided.insert("ResourceTags");
  c.parts.config = std::move(config);
}

void kms_alias_hook(ConfigContext& c) {
  JsonTree& in = c.parts.config;
  JsonTree out = JsonTree::object();  // ListAliases' AliasListEntry
  std::string name(tree_string(in.find("AliasName")).value_or(c.resource_name));
  out.add("AliasName", JsonTree::string(name));
  out.add("AliasArn",
          JsonTree::string(fmt::format("arn:{}:kms:{}:{}:{}", aws::partition_of(c.parts.region),
                                       c.parts.region, c.parts.account, name)));
  if (auto target = tree_string(in.find("TargetKeyId"))) {
    std::string_view id = *target;
    if (size_t at = id.find(":key/"); id.starts_with("arn:") && at != std::string_view::npos)
      id.remove_prefix(at + 5);
    out.add("TargetKeyId", JsonTree::string(std::string(id)));
  }
  for (std::string_view m : {"CreationDate", "LastUpdatedDate"})
    if (JsonTree* v = in.find(m)) out.add(std::string(m), *v);
  in = std::move(out);
  for (std::string_view m : {"CreationDate", "LastUpdatedDate"})
    if (!in.find(m))
      c.unavailable.emplace_back(std::string(m),
                                 fmt::format("AWS Config does not record {}: the alias item holds "
                                             "its name and target key only",
                                             m));
}

void lambda_function_hook(ConfigContext& c) {
  JsonTree& supp = const_cast<JsonTree&>(c.supplementary);
  if (JsonTree* policy = supp.find("Policy"))
    set_output(c, "Policy", "Policy",
               *policy);  // a JSON string: decoded by the catalog's json_strings
}

}  // namespace vigil::aws_config
