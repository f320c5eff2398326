// S3 buckets (catalog.h). Global: ListBuckets and every per-bucket call are
// read from <account>/global/s3 (the AWS CLI command is `aws s3api`). The
// asset's region is the bucket's location (GetBucketLocation:
// LocationConstraint null or "" means us-east-1, "EU" means eu-west-1); it
// stays "global" when the location could not be read.
#include "connectors/aws/catalog.h"
#include "connectors/aws/path.h"

namespace vigil::aws {

namespace {

PerResourceCall bucket_call(std::string_view operation, std::vector<std::string_view> absent) {
  return {.operation = operation, .key = "Name", .parameter = "--bucket", .absent_codes = std::move(absent)};
}

void bucket_region(AssetParts& parts) {
  JsonTree* location = parts.config.find("BucketLocation");
  if (!location || location->kind() == JsonTree::Kind::Unavailable) return;
  std::vector<PathValue> found;
  select(*location, "LocationConstraint", found);
  std::string_view constraint;
  if (!found.empty()) constraint = found[0].string().value_or("");
  if (constraint.empty())
    parts.region = "us-east-1";  // null or "": the original region
  else if (constraint == "EU")
    parts.region = "eu-west-1";
  else
    parts.region = std::string(constraint);
}

}  // namespace

void add_s3_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.s3.bucket",
      .service = "s3",
      .global = true,
      .list_operation = "ListBuckets",
      .items = "Buckets",
      .arn_template = "arn:{partition}:s3:::{Name}",
      .name = {"Name"},
      .tags = "BucketTagging.TagSet",
      // config.BucketAcl, .BucketPolicy{Policy}, .BucketPolicyStatus{PolicyStatus},
      // .PublicAccessBlock{PublicAccessBlockConfiguration},
      // .BucketEncryption{ServerSideEncryptionConfiguration}, .BucketVersioning,
      // .BucketLogging{LoggingEnabled}, .BucketLocation, .BucketTagging{TagSet},
      // .BucketLifecycleConfiguration{Rules}, .BucketWebsite{IndexDocument, ErrorDocument,
      // RedirectAllRequestsTo, RoutingRules} (absent: no website): each output unchanged
      // (catalog.h).
      .calls =
          {bucket_call("GetBucketAcl", {}), bucket_call("GetBucketPolicy", {"NoSuchBucketPolicy"}),
           bucket_call("GetBucketPolicyStatus", {"NoSuchBucketPolicy"}),
           bucket_call("GetPublicAccessBlock", {"NoSuchPublicAccessBlockConfiguration"}),
           bucket_call("GetBucketEncryption", {"ServerSideEncryptionConfigurationNotFoundError"}),
           bucket_call("GetBucketVersioning", {}), bucket_call("GetBucketLogging", {}),
           bucket_call("GetBucketLocation", {}), bucket_call("GetBucketTagging", {"NoSuchTagSet"}),
           bucket_call("GetBucketLifecycleConfiguration", {"NoSuchLifecycleConfiguration"}),
           bucket_call("GetBucketWebsite", {"NoSuchWebsiteConfiguration"})},
      .json_strings = {{"BucketPolicy.Policy"}},
      .hook = bucket_region,
  });
}

}  // namespace vigil::aws
