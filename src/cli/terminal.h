// What the standard output is, for the tables people read: whether to
// colour them and how wide they may be.
//
// Contract
// - Colour: `always` and `never` are obeyed (a command-line choice beats
//   the environment, as https://no-color.org asks); `auto` colours only
//   when the stream is a terminal, NO_COLOR is unset or empty, and TERM is
//   not "dumb".
// - Width: COLUMNS when it is a positive number (so `COLUMNS=80 vigil ... |
//   less` fits too), else the terminal's width (TIOCGWINSZ) when the stream
//   is one, else 0: no limit (a file or a pipe gets whole lines).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigil::cli {

enum class ColorMode { Auto, Always, Never };

// "auto", "always", "never"; nullopt for anything else.
std::optional<ColorMode> color_mode_from(std::string_view name);

bool use_color(ColorMode mode, int fd);

size_t output_columns(int fd);

}  // namespace vigil::cli
