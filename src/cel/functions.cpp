#include "cel/functions.h"

#include <functional>

namespace vigil::cel {

size_t FunctionRegistry::KeyHash::operator()(const Key& k) const {
  size_t h = std::hash<std::string>()(k.name);
  h ^= (static_cast<size_t>(k.style) + 1) * 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= (k.arity + 1) * 0xc2b2ae3d27d4eb4fULL + (h << 6) + (h >> 2);
  return h;
}

void FunctionRegistry::add(std::string name, CallStyle style, size_t arity, FunctionImpl fn) {
  names_[name] += 1;
  impls_[Key{std::move(name), style, arity}] = std::move(fn);
}

const FunctionImpl* FunctionRegistry::find(std::string_view name, CallStyle style,
                                           size_t arity) const {
  auto it = impls_.find(Key{std::string(name), style, arity});
  return it == impls_.end() ? nullptr : &it->second;
}

bool FunctionRegistry::has_name(std::string_view name) const {
  return names_.count(std::string(name)) > 0;
}

void FunctionRegistry::add_type(std::string name) { types_.push_back(std::move(name)); }

bool FunctionRegistry::has_type(std::string_view name) const {
  for (const auto& t : types_) {
    if (t == name) return true;
  }
  return false;
}

const FunctionRegistry& FunctionRegistry::builtin() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    add_standard(r);
    add_extensions(r);
    return r;
  }();
  return registry;
}

}  // namespace vigil::cel
