// AWS::ECR::Repository and AWS::SecretsManager::Secret.
//   ECR: CloudFormation-style PascalCase (RepositoryName, Arn, RepositoryUri,
//     ImageTagMutability, ImageScanningConfiguration {ScanOnPush},
//     EncryptionConfiguration {EncryptionType, KmsKey}, RepositoryPolicyText,
//     LifecyclePolicy), rebuilt as DescribeRepositories' camelCase item:
//     repositoryArn <- Arn, registryId <- the account (a private registry's id),
//     repositoryName, repositoryUri, imageTagMutability, imageScanningConfiguration
//     {scanOnPush}, encryptionConfiguration {encryptionType, kmsKey}; createdAt
//     -> unavailable. RepositoryPolicyText (real items: the policy as a JSON
//     string, or {} when the repository has none) -> RepositoryPolicy
//     {registryId, repositoryName, policyText} (GetRepositoryPolicy's output),
//     {} -> no policy (as RepositoryPolicyNotFoundException), missing -> unavailable.
//   Secrets Manager: ListSecrets' SecretListEntry in PascalCase (KMSKeyId ->
//     KmsKeyId, Config's Deleted and RotationOccurringAsScheduled dropped: the
//     rename table); dates, SecretVersionsToStages, OwningService, PrimaryRegion
//     -> unavailable unless present. The resource policy (GetResourcePolicy) is
//     not in the secret's item -> unavailable.
#include "connectors/aws_config/config_hook_util.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

// {"A": x, "B": y} -> {"a": x, "b": y} for the members named, in that order.
JsonTree camel_object(JsonTree* in, std::initializer_list<std::string_view> members) {
  JsonTree out = JsonTree::object();
  for (std::string_view m : members)
    if (JsonTree* v = in && in->is_object() ? in->find(m) : nullptr) {
      std::string key(m);
      key[0] = static_cast<char>(key[0] - 'A' + 'a');
      out.add(std::move(key), *v);
    }
  return out;
}

}  // namespace

void ecr_repository_hook(ConfigContext& c) {
  JsonTree in = std::move(c.parts.config);
  std::string name(tree_string(in.find("RepositoryName")).value_or(c.resource_id));
  JsonTree out = JsonTree::object();  // DescribeRepositories' Repository
  if (!move_member(in, "Arn", out, "repositoryArn") && !c.arn.empty())
    out.add("repositoryArn", JsonTree::string(std::string(c.arn)));
  out.add("registryId", JsonTree::string(c.parts.account));
  out.add("repositoryName", JsonTree::string(name));
  move_member(in, "RepositoryUri", out, "repositoryUri");
  move_member(in, "ImageTagMutability", out, "imageTagMutability");
  if (JsonTree* filters = in.find("ImageTagMutabilityExclusionFilters");
      filters && filters->kind() == JsonTree::Kind::Array) {
    JsonTree list = JsonTree::array();
    for (size_t i = 0; i < filters->size(); ++i)
      list.push(camel_object(&filters->at(i), {"FilterType", "Filter"}));
    out.add("imageTagMutabilityExclusionFilters", std::move(list));
  }
  if (JsonTree* scanning = in.find("ImageScanningConfiguration"))
    out.add("imageScanningConfiguration", camel_object(scanning, {"ScanOnPush"}));
  if (JsonTree* encryption = in.find("EncryptionConfiguration"))
    out.add("encryptionConfiguration", camel_object(encryption, {"EncryptionType", "KmsKey"}));

  if (JsonTree* policy = in.find("RepositoryPolicyText")) {
    c.provided.insert("RepositoryPolicy");
    if (!is_empty_value(*policy)) {
      JsonTree output = JsonTree::object();  // GetRepositoryPolicy's output
      output.add("registryId", JsonTree::string(c.parts.account));
      output.add("repositoryName", JsonTree::string(name));
      output.add("policyText", *policy);  // a JSON string: decoded by json_strings
      out.add("RepositoryPolicy", std::move(output));
    }
  } else {
    c.unavailable.emplace_back("RepositoryPolicy",
                               "the repository item has no RepositoryPolicyText (AWS Config "
                               "writes {} when the repository has no policy)");
  }
  c.parts.config = std::move(out);
  unavailable_unless_present(c, "",
                             {"repositoryUri", "createdAt", "imageTagMutability",
                              "imageScanningConfiguration", "encryptionConfiguration"},
                             "not in the repository item");
}

void secretsmanager_secret_hook(ConfigContext& c) {
  c.unavailable.emplace_back(
      "ResourcePolicy",
      "AWS Config records a secret's resource policy as another resource "
      "type (AWS::SecretsManager::ResourcePolicy), not in the secret's item");
  unavailable_unless_present(
      c, "",
      {"LastRotatedDate", "LastChangedDate", "LastAccessedDate", "DeletedDate", "NextRotationDate",
       "CreatedDate", "SecretVersionsToStages", "OwningService", "PrimaryRegion"},
      "not in the secret item (aws-config-resource-schema)");
}

}  // namespace vigil::aws_config
