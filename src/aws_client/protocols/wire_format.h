// Scalar wire formats shared by the five protocols: timestamps (ISO 8601,
// RFC 822 http-date, epoch seconds), base64, percent-encoding, numbers.
//
// Contract:
//  - Timestamp keeps microseconds (what the AWS CLI prints); parse_timestamp
//    accepts any of the three formats (and ISO 8601 offsets), whatever the
//    model says, because services are not always consistent.
//  - Percent-encoding is core/percent_encoding.h ('/' kept for greedy labels).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/percent_encoding.h"

namespace vigil::aws::wire {

struct Timestamp {
  int64_t seconds = 0;  // since the epoch, UTC
  int32_t micros = 0;   // 0..999999
};

std::optional<Timestamp> parse_timestamp(std::string_view text);
// From a request parameter: epoch number, or a string in any format.
std::optional<Timestamp> timestamp_from_json(const nlohmann::ordered_json& value);

std::string format_iso8601(const Timestamp& t);  // 2015-01-25T08:00:00Z (.ffffffZ when micros)
std::string format_rfc822(const Timestamp& t);   // Mon, 16 Dec 2019 23:48:18 GMT
std::string format_epoch(const Timestamp& t);    // 1576540098 or 1576540098.123
std::string format_cli_iso8601(
    const Timestamp& t);                        // 2024-01-02T03:04:05+00:00 (.ffffff when micros)
nlohmann::json epoch_json(const Timestamp& t);  // integer, or double when micros
// Formats by botocore timestampFormat name ("iso8601", "rfc822", "unixTimestamp").
std::string format_timestamp(const Timestamp& t, std::string_view format);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);


// Shortest text that reads back as the same double; "NaN", "Infinity", "-Infinity".
std::string format_double(double value);

// A random RFC 4122 version 4 UUID (idempotency tokens).
std::string random_uuid();

}  // namespace vigil::aws::wire
