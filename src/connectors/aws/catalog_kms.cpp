// KMS keys (catalog.h). Every key of ListKeys is kept, AWS-managed ones
// too: config.Key.KeyMetadata.KeyManager says "AWS" or "CUSTOMER".
// ListResourceTags uses {TagKey, TagValue}: turned into tags by the hook.
#include "connectors/aws/catalog.h"
#include "connectors/aws/path.h"

namespace vigil::aws {

namespace {

void kms_tags(AssetParts& parts) {
  parts.tags = JsonTree::object();  // the generic reader does not know TagKey/TagValue
  std::vector<PathValue> found;
  select(parts.config, "ResourceTags.Tags[]", found);
  for (const PathValue& tag : found) {
    auto key = tag.member("TagKey");
    auto value = tag.member("TagValue");
    std::optional<std::string_view> k = key ? key->string() : std::nullopt;
    if (!k) continue;
    std::optional<std::string_view> v = value ? value->string() : std::nullopt;
    parts.tags.set(*k, JsonTree::string(std::string(v.value_or(""))));
  }
}

PerResourceCall key_call(std::string_view operation, std::vector<std::string_view> absent,
                         std::string_view args = {}) {
  return {.operation = operation,
          .key = "KeyId",
          .parameter = "--key-id",
          .absent_codes = std::move(absent),
          .args = args};
}

}  // namespace

void add_kms_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.kms.key",
      .service = "kms",
      .list_operation = "ListKeys",
      .items = "Keys",
      .arn_field = "KeyArn",
      .arn_template = "arn:{partition}:kms:{region}:{account}:key/{KeyId}",
      .name = {"KeyId"},
      // Routes a ListResourceTags failure to `tags`; kms_tags reads the pairs.
      .tags = "ResourceTags.Tags",
      // config.Key{KeyMetadata}, .KeyRotationStatus{KeyRotationEnabled},
      // .KeyPolicy{Policy (decoded), PolicyName}, .ResourceTags{Tags}.
      .calls = {key_call("DescribeKey", {}),
                // Asymmetric and HMAC keys have no rotation status.
                key_call("GetKeyRotationStatus", {"UnsupportedOperationException"}),
                key_call("GetKeyPolicy", {}, "--policy-name default"),
                key_call("ListResourceTags", {})},
      .json_strings = {{"KeyPolicy.Policy"}},
      .hook = kms_tags,
  });
  out.push_back({
      // Aliases name keys (alias/aws/* for AWS-managed ones); an alias without
      // TargetKeyId points to no key yet. Each key gets `aliases` in reverse.
      .type = "aws.kms.alias",
      .service = "kms",
      .list_operation = "ListAliases",
      .items = "Aliases",
      .arn_field = "AliasArn",
      .arn_template = "arn:{partition}:kms:{region}:{account}:{AliasName}",
      .name = {"AliasName"},
      .relations = {{"key", "TargetKeyId", "arn:{partition}:kms:{region}:{account}:key/{}"},
                    {"aliases", "TargetKeyId", "arn:{partition}:kms:{region}:{account}:key/{}", /*reverse=*/true,
                     "aws.kms.key"}},
  });
}

}  // namespace vigil::aws
