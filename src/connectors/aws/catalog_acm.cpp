// ACM certificates (catalog.h): ListCertificates summaries plus
// DescribeCertificate's output (config.Certificate.Certificate: NotAfter,
// Status, InUseBy, KeyAlgorithm, RenewalEligibility, ...) and
// ListTagsForCertificate's (config.TagsForCertificate.Tags).
#include "connectors/aws/catalog.h"

namespace vigil::aws {

void add_acm_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.acm.certificate",
      .service = "acm",
      .list_operation = "ListCertificates",
      .items = "CertificateSummaryList",
      .arn_field = "CertificateArn",
      .name = {"DomainName", "CertificateArn"},
      .tags = "TagsForCertificate.Tags",
      .calls = {{.operation = "DescribeCertificate",
                 .key = "CertificateArn",
                 .parameter = "--certificate-arn",
                 .absent_codes = {}},
                {.operation = "ListTagsForCertificate",
                 .key = "CertificateArn",
                 .parameter = "--certificate-arn",
                 .absent_codes = {}}},
  });
}

}  // namespace vigil::aws
