// Field-by-field differences between two versions of an asset (JSON), for
// `vigil inventory diff` and the API's version diffs.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vigil {

struct FieldChange {
  std::string path;       // "config.Versioning.Status", "tags.env", "config.Rules[2]"
  nlohmann::json before;  // absent (null + !had_before) when the field was added
  nlohmann::json after;
  bool had_before = true, has_after = true;
};

// `path` then member `key` in this notation: "a.b" for a plain key (letters,
// digits, `_`, `-`), else `a["key with spaces"]` (JSON-quoted).
std::string member_path(const std::string& path, const std::string& key);

// Objects are compared key by key, arrays index by index; anything else by
// value. Changes are listed in document order of `after` (then removed
// fields). Unchanged subtrees are skipped.
std::vector<FieldChange> diff_json(const nlohmann::json& before, const nlohmann::json& after);

// "config.Versioning.Status: \"Suspended\" -> \"Enabled\"" (values cut at `max` bytes).
std::string describe(const FieldChange& change, size_t max = 120);

}  // namespace vigil
