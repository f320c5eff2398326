// Request context: see request.h.
#include "iam/request.h"

#include "iam/pattern.h"

namespace vigil::iam {

// Keys are stored in lower case; a key given in lower case already (the
// analysis's, on every request it tries) is found without a copy.
namespace {
template <typename Map>
auto slot(Map& values, std::string_view key) {
  auto it = values.find(key);
  return it != values.end() ? it : values.find(lower_ascii(key));
}
}  // namespace

void Context::set(std::string_view key, std::string value) {
  auto it = slot(values_, key);
  if (it == values_.end()) {
    values_.emplace(lower_ascii(key), std::vector<std::string>{std::move(value)});
    return;
  }
  it->second.resize(1);
  it->second[0] = std::move(value);
}

void Context::set(std::string_view key, std::vector<std::string> values) {
  auto it = slot(values_, key);
  if (it == values_.end())
    values_.emplace(lower_ascii(key), std::move(values));
  else
    it->second = std::move(values);
}

void Context::erase(std::string_view key) {
  auto it = slot(values_, key);
  if (it != values_.end()) values_.erase(it);
}

const std::vector<std::string>* Context::find(std::string_view lower_key) const {
  auto it = values_.find(lower_key);
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
