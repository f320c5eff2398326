// "Did you mean ...?" suggestions by edit distance, for every reader of names people type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil {

// Levenshtein distance (insert, delete, substitute; each costs 1).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely
// typo (distance 1 for names of up to 2 bytes, else max(2, len/3)), else empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" for messages.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace vigil
