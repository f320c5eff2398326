// Precompiled for every library target (cmake/pch.cmake): the standard
// headers and the third-party headers most translation units include.
// Parsing them once per target instead of once per file is the point; a
// file must still include what it uses (the PCH is a build-speed detail).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
