// Guards against inputs that make yaml-cpp 0.7 loop forever (used by
// yaml/load.h, which every YAML reader goes through). Found by fuzzing: a ',' where a node should
// start, outside a flow collection (",x", "- a\n,", "&a ,", "--- ,") never returns from
// YAML::LoadAll. Such a ',' is never valid YAML at that place (a plain
// scalar cannot start with ','), so it is reported as a syntax error before
// yaml-cpp sees the text. A legal but rare form is rejected too: a
// continuation line of a multi-line plain scalar that starts with ','.
// A ',' right after the outermost flow collection closes (" [1],!") or inside
// a tag or an anchor outside [ ] and { } ("!a,b", "&a,b x") hangs yaml-cpp
// as well and is never valid there: it is reported the same way.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigil::yaml {

// Byte offset of the first such ',' in `text`, if any.
std::optional<size_t> find_stray_flow_comma(std::string_view text);

}  // namespace vigil::yaml
