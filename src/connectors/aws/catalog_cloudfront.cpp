// CloudFront distributions (catalog.h). Global: <account>/global/cloudfront.
// ListDistributions' DistributionList.Items (absent when there are none)
// are the items; GetDistributionConfig's output {ETag, DistributionConfig:
// {Logging, ViewerCertificate, DefaultRootObject, ...}} is
// config.DistributionConfig; ListTagsForResource's (config.TagsForResource)
// Tags.Items are the tags. Name: the first alias
// (CNAME), else the cloudfront.net domain name.
#include "connectors/aws/catalog.h"

namespace vigil::aws {

void add_cloudfront_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.cloudfront.distribution",
      .service = "cloudfront",
      .global = true,
      .list_operation = "ListDistributions",
      .items = "DistributionList.Items[]",
      .arn_field = "ARN",
      .arn_template = "arn:{partition}:cloudfront::{account}:distribution/{Id}",
      .name = {"Aliases.Items[]", "DomainName"},
      .tags = "TagsForResource.Tags.Items",
      .calls = {{.operation = "GetDistributionConfig",
                 .key = "Id",
                 .parameter = "--id",
                 .absent_codes = {}},
                {.operation = "ListTagsForResource",
                 .key = "@arn",
                 .parameter = "--resource",
                 .absent_codes = {}}},
      .relations = {{"web_acl", "WebACLId", ""},
                    {"certificate", "ViewerCertificate.ACMCertificateArn", ""}},
  });
}

}  // namespace vigil::aws
