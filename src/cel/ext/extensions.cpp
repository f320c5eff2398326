// FunctionRegistry::add_extensions: installs every extension library.
#include "cel/ext/libraries.h"

namespace vigil::cel {

void FunctionRegistry::add_extensions(FunctionRegistry& registry) {
  ext::add_strings(registry);
  ext::add_math(registry);
  ext::add_encoders(registry);
  ext::add_optionals(registry);
  ext::add_lists(registry);
  ext::add_network(registry);
}

}  // namespace vigil::cel
