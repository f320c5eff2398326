// Reading credentials out of the JSON documents AWS hands them in: the EC2
// instance metadata and container endpoints ({"AccessKeyId",
// "SecretAccessKey", "Token", "Expiration"}) and STS results as the
// AwsClient returns them ({"AccessKeyId", ..., "SessionToken", ...}).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws_client/credentials/credentials.h"
#include "core/result.h"

namespace vigil::aws {

// ISO 8601 / RFC 3339 in UTC or with an offset: "2024-01-02T03:04:05Z",
// "2024-01-02T03:04:05.123+00:00"; also epoch seconds as a number string.
// Instants beyond what system_clock holds (after 2262, before 1677) are
// clamped to its ends rather than overflowing.
Result<std::chrono::system_clock::time_point> parse_aws_timestamp(std::string_view text);
std::string format_utc(std::chrono::system_clock::time_point time);  // "2024-01-02T03:04:05Z"

// `token_key` is "Token" (IMDS, containers) or "SessionToken" (STS).
// Missing keys, a non-object, or a bad Expiration are an Error naming `source`.
Result<Credentials> credentials_from_json(const nlohmann::json& document,
                                          std::string_view token_key, const std::string& source);

// "123456789012" from "arn:aws:iam::123456789012:role/x"; "" when not an ARN.
std::string account_of_arn(std::string_view arn);

}  // namespace vigil::aws
