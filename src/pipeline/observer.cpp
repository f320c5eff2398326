// See observer.h.
#include "pipeline/observer.h"

namespace vigil::pipeline {

std::string_view to_string(Stage stage) {
  switch (stage) {
    case Stage::Collect:
      return "collect";
    case Stage::Read:
      return "read";
    case Stage::Assess:
      return "assess";
    case Stage::Record:
      return "record";
  }
  return "read";
}

Observer& no_observer() {
  static Observer none;
  return none;
}

}  // namespace vigil::pipeline
