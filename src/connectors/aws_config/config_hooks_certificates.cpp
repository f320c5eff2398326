// AWS::ACM::Certificate and AWS::IAM::ServerCertificate.
//   ACM: the configuration is DescribeCertificate's Certificate in camelCase
//     (aws-config-resource-schema: certificateArn, notAfter, inUseBy, ...), the
//     generic rule gives the API names. The capture's item is ListCertificates'
//     summary, rebuilt from the detail where it is the same data:
//       CertificateArn, DomainName, Status, Type, KeyAlgorithm, RenewalEligibility,
//       NotBefore/NotAfter/CreatedAt/IssuedAt/ImportedAt/RevokedAt, ManagedBy: copied;
//       SubjectAlternativeNameSummaries: the first 100 SubjectAlternativeNames,
//       HasAdditionalSubjectAlternativeNames: more than 100 (ListCertificates' rule);
//       KeyUsages, ExtendedKeyUsages: the detail's Name of each;
//       InUse: InUseBy is not empty;
//       Exported, ExportOption: not in the detail -> unavailable.
//     Certificate {Certificate: the detail}; times Config writes as epoch numbers
//     become ISO 8601, as the AWS CLI prints them.
//   IAM server certificate: CloudFormation-style (Arn, Path, ServerCertificateName);
//     ListServerCertificates' ServerCertificateId, UploadDate and Expiration are not
//     recorded -> unavailable. PrivateKey (listed by the schema) and the PEM
//     bodies are never kept: not in the capture's shape, and key material.
#include "connectors/aws_config/config_hook_util.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

constexpr size_t kSummaryNames = 100;  // ListCertificates lists at most 100 SANs

// [{Name: "X", ...}] -> ["X"].
JsonTree names_of(JsonTree* list) {
  JsonTree out = JsonTree::array();
  for (size_t i = 0; list && list->kind() == JsonTree::Kind::Array && i < list->size(); ++i)
    if (auto name = tree_string(list->at(i).find("Name")))
      out.push(JsonTree::string(std::string(*name)));
  return out;
}

void copy_member(JsonTree& from, std::string_view key, JsonTree& to) {
  if (JsonTree* v = from.find(key)) to.add(std::string(key), *v);
}

}  // namespace

void acm_certificate_hook(ConfigContext& c) {
  JsonTree detail = std::move(c.parts.config);
  for (std::string_view t :
       {"CreatedAt", "IssuedAt", "ImportedAt", "RevokedAt", "NotBefore", "NotAfter"})
    iso_time(detail.find(t));
  if (JsonTree* renewal = detail.find("RenewalSummary"); renewal && renewal->is_object())
    iso_time(renewal->find("UpdatedAt"));

  JsonTree summary = JsonTree::object();  // ListCertificates' CertificateSummary, in its order
  copy_member(detail, "CertificateArn", summary);
  copy_member(detail, "DomainName", summary);
  if (JsonTree* sans = detail.find("SubjectAlternativeNames");
      sans && sans->kind() == JsonTree::Kind::Array) {
    JsonTree first = JsonTree::array();
    for (size_t i = 0; i < sans->size() && i < kSummaryNames; ++i) first.push(sans->at(i));
    summary.add("SubjectAlternativeNameSummaries", std::move(first));
    summary.add("HasAdditionalSubjectAlternativeNames",
                JsonTree::boolean(sans->size() > kSummaryNames));
  }
  for (std::string_view m : {"Status", "Type", "KeyAlgorithm"}) copy_member(detail, m, summary);
  if (JsonTree* usages = detail.find("KeyUsages")) summary.add("KeyUsages", names_of(usages));
  if (JsonTree* usages = detail.find("ExtendedKeyUsages"))
    summary.add("ExtendedKeyUsages", names_of(usages));
  if (JsonTree* in_use = detail.find("InUseBy"); in_use && in_use->kind() == JsonTree::Kind::Array)
    summary.add("InUse", JsonTree::boolean(in_use->size() > 0));
  for (std::string_view m : {"RenewalEligibility", "NotBefore", "NotAfter", "CreatedAt", "IssuedAt",
                             "ImportedAt", "RevokedAt", "ManagedBy"})
    copy_member(detail, m, summary);
  JsonTree output = JsonTree::object();  // DescribeCertificate's output
  output.add("Certificate", std::move(detail));
  summary.add("Certificate", std::move(output));
  c.provided.insert("Certificate");
  c.parts.config = std::move(summary);
  unavailable_unless_present(c, "", {"Exported", "ExportOption"},
                             "DescribeCertificate's detail, which Config records, has neither");
}

void iam_server_certificate_hook(ConfigContext& c) {
  JsonTree& config = c.parts.config;
  JsonTree metadata = JsonTree::object();  // ListServerCertificates' ServerCertificateMetadata
  for (std::string_view m :
       {"Path", "ServerCertificateName", "ServerCertificateId", "Arn", "UploadDate", "Expiration"})
    move_member(config, m, metadata);
  if (!metadata.find("Arn") && !c.arn.empty())
    metadata.set("Arn", JsonTree::string(std::string(c.arn)));
  iso_time(metadata.find("UploadDate"));
  iso_time(metadata.find("Expiration"));
  config = std::move(metadata);  // PrivateKey, CertificateBody, CertificateChain, Tags: dropped
  unavailable_unless_present(c, "", {"ServerCertificateId", "UploadDate", "Expiration"},
                             "the server certificate item holds its name, path and ARN only");
}

}  // namespace vigil::aws_config
