// Percent-encoding (RFC 3986), the one implementation in Vigil: SigV4
// canonical requests, AWS query/REST serialization, and capture file names
// for per-resource keys all use it.
//
//  - percent_encode escapes every byte except the unreserved characters
//    A-Z a-z 0-9 - _ . ~ (and '/' when keep_slash), as %XX with upper-case
//    hex digits: what SigV4 and AWS's query protocols require.
//  - percent_decode turns %XX (either case) back into the byte; a '%' not
//    followed by two hex digits is kept as is; '+' stays '+'.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

std::string percent_encode(std::string_view text, bool keep_slash = false);
std::string percent_decode(std::string_view text);

}  // namespace vigil
