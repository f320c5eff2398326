// Wrong input in one named field (a request member, a query parameter, a
// flag): an Error of kind InvalidInput whose subject is the field, so the
// API's 400 names it (api/http_json.h). The one way to make such an error.
#pragma once

#include <string>

#include "core/result.h"

namespace vigil {

inline Error invalid_input(std::string message, std::string field) {
  return Error(std::move(message))
      .with_kind(Error::Kind::InvalidInput)
      .with_subject(std::move(field));
}

}  // namespace vigil
