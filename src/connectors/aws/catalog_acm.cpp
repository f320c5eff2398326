// ACM certificates (catalog.h): ListCertificates summaries plus
// DescribeCertificate's Certificate (config.Certificate: NotAfter, Status,
// InUseBy, KeyAlgorithm, RenewalEligibility, ...).
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
      .tags = "Tags",
      .calls = {{.operation = "DescribeCertificate",
                 .key = "CertificateArn",
                 .parameter = "--certificate-arn",
                 .absent_codes = {},
                 .config_name = "Certificate",
                 .unwrap = "Certificate"},
                {.operation = "ListTagsForCertificate",
                 .key = "CertificateArn",
                 .parameter = "--certificate-arn",
                 .absent_codes = {},
                 .config_name = "Tags",
                 .unwrap = "Tags"}},
  });
}

}  // namespace vigil::aws
