// Request context: see request.h.
#include "iam/request.h"

#include "iam/pattern.h"

namespace vigil::iam {

void Context::set(std::string_view key, std::string value) {
  values_[lower_ascii(key)] = std::vector<std::string>{std::move(value)};
}

void Context::set(std::string_view key, std::vector<std::string> values) {
  values_[lower_ascii(key)] = std::move(values);
}

void Context::erase(std::string_view key) { values_.erase(lower_ascii(key)); }

const std::vector<std::string>* Context::find(std::string_view lower_key) const {
  auto it = values_.find(std::string(lower_key));
  return it == values_.end() ? nullptr : &it->second;
}

std::string_view to_string(CallerKind kind) {
  switch (kind) {
    case CallerKind::Anonymous:
      return "anonymous";
    case CallerKind::Aws:
      return "aws";
    case CallerKind::Service:
      return "service";
    case CallerKind::Federated:
      return "federated";
    case CallerKind::CanonicalUser:
      return "canonical-user";
  }
  return "?";
}

}  // namespace vigil::iam
