// Container registries and secrets (catalog.h): ECR repositories and Secrets
// Manager secrets, with the resource policies the access policies read.
//
// ECR: DescribeRepositories gives repositories[] (repositoryArn,
// repositoryName, imageTagMutability, imageScanningConfiguration,
// encryptionConfiguration). GetRepositoryPolicy is config.RepositoryPolicy
// {registryId, repositoryName, policyText (decoded)}; a repository without a
// policy answers RepositoryPolicyNotFoundException (no RepositoryPolicy).
// ListTagsForResource is config.TagsForResource{tags}.
// Secrets Manager: ListSecrets gives SecretList[] (ARN, Name, Tags, KMS key,
// rotation; never the secret's value). GetResourcePolicy is
// config.ResourcePolicy{ARN, Name, ResourcePolicy (decoded)}; a secret
// without a policy has no ResourcePolicy member in that output.
#include "connectors/aws/catalog.h"

namespace vigil::aws {

void add_registry_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.ecr.repository",
      .service = "ecr",
      .list_operation = "DescribeRepositories",
      .items = "repositories",
      .arn_field = "repositoryArn",
      .name = {"repositoryName"},
      .tags = "TagsForResource.tags",
      .calls = {{.operation = "GetRepositoryPolicy",
                 .key = "repositoryName",
                 .parameter = "--repository-name",
                 .absent_codes = {"RepositoryPolicyNotFoundException"}},
                {.operation = "ListTagsForResource",
                 .key = "repositoryArn",
                 .parameter = "--resource-arn",
                 .absent_codes = {}}},
      .json_strings = {{"RepositoryPolicy.policyText"}},
      .relations = {{"kms_key", "encryptionConfiguration.kmsKey", ""}},
  });
  out.push_back({
      .type = "aws.secretsmanager.secret",
      .service = "secretsmanager",
      .list_operation = "ListSecrets",
      .items = "SecretList",
      .arn_field = "ARN",
      .name = {"Name"},
      .tags = "Tags",
      .calls = {{.operation = "GetResourcePolicy",
                 .key = "ARN",
                 .parameter = "--secret-id",
                 .absent_codes = {}}},
      .json_strings = {{"ResourcePolicy.ResourcePolicy"}},
      .relations = {{"kms_key", "KmsKeyId", ""}},
  });
}

}  // namespace vigil::aws
