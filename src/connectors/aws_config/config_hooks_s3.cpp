// AWS::S3::Bucket: supplementaryConfiguration -> the capture's per-bucket
// call outputs, named and shaped by the catalog rule (catalog.h: the output
// of GetX, unchanged, is config.X):
//   AccessControlList (a JSON string)   -> config.BucketAcl          {Owner, Grants} (GetBucketAcl)
//   BucketPolicy {policyText}           -> config.BucketPolicy       {Policy (decoded)}; absent
//   when null PublicAccessBlockConfiguration      -> config.PublicAccessBlock
//   {PublicAccessBlockConfiguration} (absent when not recorded) ServerSideEncryptionConfiguration
//   -> config.BucketEncryption   {ServerSideEncryptionConfiguration} (absent when not recorded)
//   BucketVersioningConfiguration       -> config.BucketVersioning   {Status, MFADelete}
//   BucketLoggingConfiguration          -> config.BucketLogging      {LoggingEnabled:
//   {TargetBucket, TargetPrefix}} the item's awsRegion                -> config.BucketLocation
//   {LocationConstraint}
//   BucketWebsiteConfiguration          -> config.BucketWebsite      {IndexDocument {Suffix},
//   ErrorDocument {Key}, RedirectAllRequestsTo, RoutingRules} (absent when not recorded)
#include <string>

#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

// Config's ACL permission names ("FullControl", "ReadAcp") -> the API's ("FULL_CONTROL",
// "READ_ACP").
std::string api_permission(std::string_view p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z' && i > 0) out += '_';
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

// Config names predefined groups by their last URI segment.
std::string group_uri(std::string_view name) {
  if (name.starts_with("http")) return std::string(name);
  if (name == "LogDelivery") return "http://acs.amazonaws.com/groups/s3/LogDelivery";
  return "http://acs.amazonaws.com/groups/global/" + std::string(name);
}

JsonTree api_grantee(JsonTree* grantee) {
  JsonTree out = JsonTree::object();
  if (auto name = tree_string(grantee)) {
    out.add("Type", JsonTree::string("Group"));
    out.add("URI", JsonTree::string(group_uri(*name)));
    return out;
  }
  if (!grantee || !grantee->is_object()) return out;
  if (auto email = tree_string(grantee->find("emailAddress"))) {
    out.add("Type", JsonTree::string("AmazonCustomerByEmail"));
    out.add("EmailAddress", JsonTree::string(std::string(*email)));
    return out;
  }
  out.add("Type", JsonTree::string("CanonicalUser"));
  if (auto name = tree_string(grantee->find("displayName")))
    out.add("DisplayName", JsonTree::string(std::string(*name)));
  if (auto id = tree_string(grantee->find("id"))) out.add("ID", JsonTree::string(std::string(*id)));
  return out;
}

JsonTree api_owner(JsonTree* owner) {
  JsonTree out = JsonTree::object();
  if (!owner || !owner->is_object()) return out;
  if (auto name = tree_string(owner->find("displayName")))
    out.add("DisplayName", JsonTree::string(std::string(*name)));
  if (auto id = tree_string(owner->find("id"))) out.add("ID", JsonTree::string(std::string(*id)));
  return out;
}

JsonTree api_acl(JsonTree& acl) {
  JsonTree out = JsonTree::object();
  out.add("Owner", api_owner(acl.find("owner")));
  JsonTree grants = JsonTree::array();
  if (JsonTree* list = acl.find("grantList"); list && list->kind() == JsonTree::Kind::Array) {
    for (size_t i = 0; i < list->size(); ++i) {
      JsonTree& g = list->at(i);
      if (!g.is_object()) continue;
      JsonTree grant = JsonTree::object();
      grant.add("Grantee", api_grantee(g.find("grantee")));
      grant.add("Permission",
                JsonTree::string(api_permission(tree_string(g.find("permission")).value_or(""))));
      grants.push(std::move(grant));
    }
  }
  out.add("Grants", std::move(grants));
  return out;
}

// Config's BucketWebsiteConfiguration {indexDocumentSuffix, errorDocument,
// redirectAllRequestsTo {hostName, protocol}, routingRules [{condition,
// redirect}]} -> GetBucketWebsite's {IndexDocument {Suffix}, ErrorDocument
// {Key}, RedirectAllRequestsTo {HostName, Protocol}, RoutingRules [{Condition, Redirect}]}.
JsonTree bucket_website(const JsonTree& website) {
  JsonTree w = to_api_shape(website, {});  // camelCase -> PascalCase, nulls dropped
  JsonTree out = JsonTree::object();
  if (auto suffix = tree_string(w.find("IndexDocumentSuffix"))) {
    JsonTree index = JsonTree::object();
    index.add("Suffix", JsonTree::string(std::string(*suffix)));
    out.add("IndexDocument", std::move(index));
  }
  if (auto key = tree_string(w.find("ErrorDocument"))) {
    JsonTree error = JsonTree::object();
    error.add("Key", JsonTree::string(std::string(*key)));
    out.add("ErrorDocument", std::move(error));
  }
  if (JsonTree* redirect = w.find("RedirectAllRequestsTo"); redirect && redirect->is_object())
    out.add("RedirectAllRequestsTo", *redirect);
  if (JsonTree* rules = w.find("RoutingRules");
      rules && rules->kind() == JsonTree::Kind::Array && rules->size() > 0)
    out.add("RoutingRules", *rules);
  return out;
}

}  // namespace

void s3_bucket_hook(ConfigContext& c) {
  JsonTree& config = c.parts.config;
  JsonTree& supp = const_cast<JsonTree&>(c.supplementary);  // owned tree; find() is non-const
  (void)take_member(config, "Owner");  // ListBuckets prints the owner once, not per bucket
  ConvertOptions sse{
      .renames = {{"sseAlgorithm", "SSEAlgorithm"}, {"kmsMasterKeyID", "KMSMasterKeyID"}}};

  if (JsonTree* acl = supp.find("AccessControlList"); acl && acl->is_object()) {
    config.set("BucketAcl", api_acl(*acl));
    c.provided.insert("BucketAcl");
  }
  if (JsonTree* policy = supp.find("BucketPolicy"); policy && policy->is_object()) {
    c.provided.insert("BucketPolicy");  // null policyText: no bucket policy (absent)
    if (auto text = tree_string(policy->find("policyText"))) {
      JsonTree output = JsonTree::object();  // GetBucketPolicy's {"Policy": ...}
      if (std::optional<JsonTree> doc = parse_json_text(*text))
        output.add("Policy", std::move(*doc));
      else
        output.add("Policy", JsonTree::string(std::string(*text)));
      config.set("BucketPolicy", std::move(output));
    }
  }
  // Config omits these two when the bucket has none: absence, as NoSuch* is for captures.
  c.provided.insert("PublicAccessBlock");
  if (JsonTree* pab = supp.find("PublicAccessBlockConfiguration"); pab && pab->is_object()) {
    JsonTree output = JsonTree::object();  // GetPublicAccessBlock's output
    output.add("PublicAccessBlockConfiguration", to_api_shape(*pab, {}));
    config.set("PublicAccessBlock", std::move(output));
  }
  c.provided.insert("BucketEncryption");
  if (JsonTree* enc = supp.find("ServerSideEncryptionConfiguration"); enc && enc->is_object()) {
    JsonTree output = JsonTree::object();  // GetBucketEncryption's output
    output.add("ServerSideEncryptionConfiguration", to_api_shape(*enc, sse));
    config.set("BucketEncryption", std::move(output));
  }

  if (JsonTree* v = supp.find("BucketVersioningConfiguration"); v && v->is_object()) {
    JsonTree out =
        JsonTree::object();  // GetBucketVersioning prints {} for a never-versioned bucket
    std::string_view status = tree_string(v->find("status")).value_or("Off");
    if (status != "Off") out.add("Status", JsonTree::string(std::string(status)));
    if (std::optional<bool> mfa = tree_bool(v->find("isMfaDeleteEnabled")))
      out.add("MFADelete", JsonTree::string(*mfa ? "Enabled" : "Disabled"));
    config.set("BucketVersioning", std::move(out));
    c.provided.insert("BucketVersioning");
  }
  if (JsonTree* l = supp.find("BucketLoggingConfiguration"); l && l->is_object()) {
    JsonTree out = JsonTree::object();
    if (auto bucket = tree_string(l->find("destinationBucketName")); bucket && !bucket->empty()) {
      JsonTree enabled = JsonTree::object();
      enabled.add("TargetBucket", JsonTree::string(std::string(*bucket)));
      enabled.add(
          "TargetPrefix",
          JsonTree::string(std::string(tree_string(l->find("logFilePrefix")).value_or(""))));
      out.add("LoggingEnabled", std::move(enabled));
    }
    config.set("BucketLogging", std::move(out));
    c.provided.insert("BucketLogging");
  }
  // Config omits it when the bucket is no website: absence, as NoSuchWebsiteConfiguration is.
  c.provided.insert("BucketWebsite");
  if (JsonTree* w = supp.find("BucketWebsiteConfiguration"); w && w->is_object())
    config.set("BucketWebsite", bucket_website(*w));
  JsonTree location = JsonTree::object();
  if (c.parts.region.empty() || c.parts.region == "us-east-1")
    location.add("LocationConstraint", JsonTree());  // the API's null for us-east-1
  else
    location.add("LocationConstraint", JsonTree::string(c.parts.region));
  config.set("BucketLocation", std::move(location));
  c.provided.insert("BucketLocation");
}

}  // namespace vigil::aws_config
