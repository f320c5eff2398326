// Endpoint resolution: which URL a call to (service, region) goes to, and
// the region and service name it is signed for.
//
// Source of truth is botocore's endpoints.json (the "version 3" partition
// document in the botocore data directory): partitions aws, aws-cn,
// aws-us-gov, ... each with a regionRegex, a dnsSuffix, default hostname
// templates ("{service}.{region}.{dnsSuffix}") and per-service endpoints,
// including the global ones (iam, organizations, cloudfront, route53, the
// "aws-global" S3/STS endpoints) whose credentialScope fixes the signing
// region (us-east-1 for iam in the aws partition).
//
// Overrides, highest precedence first (the AWS SDK convention):
//   1. EndpointOverrides::endpoint_url (the --endpoint-url option),
//   2. AWS_ENDPOINT_URL_<SERVICE>, SERVICE = the model's serviceId upper-cased
//      with spaces as underscores ("Elastic Load Balancing v2" ->
//      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2),
//   3. AWS_ENDPOINT_URL,
// environment overrides are ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
// is "true". An overridden endpoint is signed for the call's own region and the
// model's signing name. S3 uses path-style addressing (bucket in the path).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"
#include "core/result.h"

namespace vigil::aws {

struct Endpoint {
  std::string url;  // "https://ec2.us-east-1.amazonaws.com" (no trailing '/'; may carry a path)
  std::string signing_region;  // credentialScope region, else the call's region
  std::string signing_name;    // credentialScope service, else the model's signing name
  std::string partition;       // "aws", "aws-cn", ...; empty for overrides
  bool overridden = false;     // came from endpoint_url or the environment
};

// Environment lookup, injectable for tests; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();

struct EndpointOverrides {
  std::string endpoint_url;  // --endpoint-url: applies to every service when set
  EnvLookup env;             // empty: the process environment
};

// A region name's shape: lower-case letters, digits and inner '-', at most
// 64 characters. resolve() refuses any other, even with an endpoint override
// (the region is signed), and, without one, a region no partition matches.
bool is_region_name(std::string_view region);

// "AWS_ENDPOINT_URL_" + serviceId in the SDK convention.
std::string endpoint_env_var(std::string_view service_id);

class EndpointResolver {
 public:
  // Reads <botocore_dir>/endpoints.json; an Error names the file.
  static Result<EndpointResolver> load(const std::string& botocore_dir);
  static Result<EndpointResolver> from_json(nlohmann::json document, std::string origin);

  Result<Endpoint> resolve(const ServiceMetadata& service, std::string_view region,
                           const EndpointOverrides& overrides = {}) const;
  // The partition whose region list or regionRegex matches; "aws" otherwise.
  std::string partition_of(std::string_view region) const;

 private:
  // The partition whose region list or regionRegex matches; null when none
  // does (resolve() refuses such a region rather than guess a host).
  const nlohmann::json* partition_for(std::string_view region) const;
  nlohmann::json doc_;
  std::string origin_;
};

}  // namespace vigil::aws
