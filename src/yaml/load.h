// The one way Vigil turns YAML text into yaml-cpp nodes (policies, vigil.yaml,
// framework catalogues, accounts files). Text anyone can write goes through
// here, so the loader bounds what yaml-cpp 0.7 does not:
// - a ',' where a value starts (yaml-cpp never returns; stray_comma.h), and
//   control characters YAML does not allow (NUL makes yaml-cpp loop too);
// - nesting: yaml-cpp throws past 2000 levels, this loader stops at
//   limits.max_depth, counting levels reached through aliases too;
// - alias cycles (`&a {k: *a}`): yaml-cpp builds a node that contains itself,
//   and every reader that walks it recurses forever. Rejected, at the anchor;
// - alias bombs: nodes are counted as a reader sees them, aliases expanded
//   (eight lines of nested aliases are 10^8 nodes), up to limits.max_nodes.
//
// Contract
// - A loaded document is acyclic, at most max_depth deep and at most
//   max_nodes nodes once aliases are expanded, so recursive readers of it are
//   bounded; max_nodes counts every document of a stream together. Every
//   problem comes back as a YamlProblem with a 1-based line/column in `text`
//   and a hint for the writer; nothing throws.
// - The walk costs O(expanded nodes); cycles are only looked for once the
//   depth limit is reached (a cycle always reaches it).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace vigil::yaml {

struct YamlLimits {
  size_t max_nodes = 1'000'000;  // scalars, sequences and maps, aliases expanded
  size_t max_depth = 256;        // levels of nesting from the document's root
};

enum class YamlProblemKind { Syntax, AliasCycle, TooDeep, TooLarge };

struct YamlProblem {
  YamlProblemKind kind = YamlProblemKind::Syntax;
  std::string message;  // "YAML syntax error: ...", without the file name
  std::string hint;     // what to write instead
  int line = 1;         // 1-based
  int column = 1;       // 1-based
};

struct YamlDocuments {
  std::vector<YAML::Node> documents;  // empty when `problem` is set
  std::optional<YamlProblem> problem;
};

// Every document of the text (a stream with `---` separators).
YamlDocuments load_all(std::string_view text, const YamlLimits& limits = {});

// The first document, or a Null node for an empty text: YAML::Load's meaning.
struct YamlDocument {
  YAML::Node root;
  std::optional<YamlProblem> problem;
};
YamlDocument load(std::string_view text, const YamlLimits& limits = {});

// The diagnostic code of a problem: yaml.syntax, yaml.alias-cycle,
// yaml.too-deep, yaml.too-large (core/diagnostic.h).
std::string problem_code(YamlProblemKind kind);

// The problem as an error diagnostic in `file`, quoting its line of `text`.
Diagnostic to_diagnostic(const YamlProblem& problem, const std::string& file,
                         std::string_view text);

}  // namespace vigil::yaml
