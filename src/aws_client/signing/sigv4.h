// AWS Signature Version 4: sign an HttpRequest in place, with headers
// (Authorization, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256)
// or as a presigned URL (X-Amz-* query parameters, X-Amz-Expires).
//
// Contract:
//  - sign() and presign() modify `request` and return the intermediate
//    canonical request and string to sign (what the AWS test suites check)
//    with the signature. Headers the signer sets replace an existing header
//    of the same name in place (re-signing a retried request is safe);
//    otherwise they are appended in the order X-Amz-Security-Token,
//    X-Amz-Date, X-Amz-Content-SHA256, Authorization. No Host header is
//    added: the signer signs host[:port] from the URL, which is what HTTP
//    clients send.
//  - The request URL is absolute with an already-encoded path and query
//    (HttpRequest's contract). Canonicalization rules: signing/canonical.h.
//  - The derived signing key is cached per (secret, date, region, service);
//    one SigV4Signer is thread-safe and meant to be shared.
//  - An Error (never a partial signature) for credentials without keys, a
//    URL that cannot be split, or X-Amz-Expires outside 1..604800 seconds.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "aws_client/credentials/credentials.h"
#include "aws_client/transport/http.h"
#include "core/result.h"

namespace vigil::aws {

struct SigningParams {
  std::string region;   // "us-east-1"
  std::string service;  // signing name: "ec2", "s3", "sts", ...
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
  bool normalize_path = true;          // S3: false
  bool double_encode = true;           // S3: false
  bool sign_body = false;              // add X-Amz-Content-SHA256 (S3 requires it)
  bool omit_session_token = false;     // add X-Amz-Security-Token after signing, unsigned
  std::string payload_hash;            // empty: SHA-256 of the body; or "UNSIGNED-PAYLOAD"
  std::chrono::seconds expires{3600};  // presign(): X-Amz-Expires

  // The settings AWS uses for `service` (S3 and S3 Control: no
  // normalization, single encoding, signed body).
  static SigningParams for_service(std::string service, std::string region,
                                   std::chrono::system_clock::time_point time);
};

struct SigningDetails {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;       // lowercase hex
  std::string signed_headers;  // "host;x-amz-date"
  std::string authorization;   // sign() only: the Authorization header value
};

// "20150830T123600Z" for a time point (UTC).
std::string amz_date(std::chrono::system_clock::time_point time);

class SigV4Signer {
 public:
  Result<SigningDetails> sign(HttpRequest& request, const Credentials& credentials,
                              const SigningParams& params);
  Result<SigningDetails> presign(HttpRequest& request, const Credentials& credentials,
                                 const SigningParams& params);

  // kSigning = HMAC chain over "AWS4"+secret, date (YYYYMMDD), region,
  // service, "aws4_request"; cached.
  std::string signing_key(const std::string& secret, const std::string& date,
                          const std::string& region, const std::string& service);
  size_t cached_keys() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> keys_;
};

// A process-wide signer for callers that do not keep their own.
SigV4Signer& default_signer();

}  // namespace vigil::aws
