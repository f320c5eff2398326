// AwsClient: calls any AWS API operation described by a botocore service
// model, as data: serialize (protocols/), sign (signing/), send with retries
// and rate limiting (transport/), parse. No per-service code.
//
// Contract:
//  - Inputs and outputs are JSON in botocore's shape (member names as in the
//    model, PascalCase): the output is exactly what `aws <service> <op>
//    --output json` prints (timestamps as ISO 8601 strings, blobs base64),
//    which is the capture format's file content (docs/capture-format.md).
//  - An AWS error response after retries is an AwsCallError with the AWS
//    error code ("AccessDenied", "Throttling", "NoSuchBucketPolicy"); a
//    transport failure after retries has code "TransportError" (a response
//    past the size limits: "ResponseTooLarge", never retried); a bad
//    operation/parameter (not in the model) is code "InvalidParameter" and is
//    never sent.
//  - call_all_pages() follows the paginator definition (paginators-1.json)
//    and merges the result keys of every page into one output, as the CLI does.
//    A listing past max_pages (PaginationLimit), max_listing_bytes
//    (ListingTooLarge) or with a repeated token (PaginationLoop) is an error:
//    it is incomplete, never returned as if whole.
//  - Thread-safe; one client serves all accounts, regions and services.
//  - Construction: make_aws_client(AwsClientOptions) in aws_client/client_impl.h.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "aws_client/credentials/credentials.h"
#include "core/result.h"

namespace vigil::aws {

struct AwsCallError {
  std::string code;        // AWS error code, or TransportError / InvalidParameter / ExpiredCredentials
  std::string message;     // AWS's message, or ours
  int http_status = 0;     // 0 when no response
  std::string request_id;  // x-amzn-RequestId / RequestId, when given
  int attempts = 0;        // how many times it was sent
};

template <typename T>
using AwsResult = std::variant<T, AwsCallError>;

// Where and as whom one call runs.
struct CallScope {
  std::string service;  // botocore service name: "ec2", "s3", "iam", "elbv2", "sts"
  std::string region;   // "us-east-1"; global services still need their signing region
  std::shared_ptr<CredentialsProvider> credentials;
};

struct CallStats {  // cumulative, for progress display and the summary
  uint64_t calls = 0, retries = 0, throttles = 0, errors = 0;
};

class AwsClient {
 public:
  virtual ~AwsClient() = default;
  virtual AwsResult<nlohmann::json> call(const CallScope& scope, std::string_view operation,
                                         const nlohmann::json& params) = 0;
  virtual AwsResult<nlohmann::json> call_all_pages(const CallScope& scope, std::string_view operation,
                                                   const nlohmann::json& params) = 0;
  virtual CallStats stats() const = 0;
};

}  // namespace vigil::aws
