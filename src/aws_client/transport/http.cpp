// header_value(): the one case-insensitive header lookup every part of the
// client uses (transport, protocols, signer, tests).
#include "aws_client/transport/http.h"

#include <strings.h>

namespace vigil::aws {

std::string header_value(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
      return value;
  }
  return {};
}

}  // namespace vigil::aws
