// Backend-neutral pieces of asset search (search_text.h).
#include "store/search_text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace vigil::store {

namespace {

constexpr size_t kMaxIndexedText = 64 * 1024;
constexpr size_t kMaxWords = 16, kMaxWordLength = 200;
constexpr size_t kMinPrefix = 3;  // search_prefix

void collect_values(const nlohmann::json& j, std::string& out) {
  if (out.size() >= kMaxIndexedText) return;
  if (j.is_object() || j.is_array()) {
    for (const auto& child : j) collect_values(child, out);
  } else if (j.is_string()) {
    out += j.get_ref<const std::string&>();
    out += ' ';
  } else if (j.is_number()) {
    out += j.dump();
    out += ' ';
  }
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
  auto it = std::search(
      haystack.begin(), haystack.end(), needle.begin(), needle.end(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  return it != haystack.end();
}

Error invalid(std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::InvalidInput).with_subject("q");
}

}  // namespace

std::string search_config_text(std::string_view content) {
  std::string out;
  auto doc = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return out;
  collect_values(doc, out);
  if (out.size() > kMaxIndexedText) out.resize(kMaxIndexedText);
  return out;
}

Result<std::vector<std::string>> search_words(const std::string& words) {
  std::vector<std::string> out;
  size_t count = 0;
  for (size_t i = 0; i < words.size();) {
    while (i < words.size() && std::isspace(static_cast<unsigned char>(words[i]))) ++i;
    size_t start = i;
    while (i < words.size() && !std::isspace(static_cast<unsigned char>(words[i]))) ++i;
    if (start == i) break;
    std::string_view word(words.data() + start, i - start);
    if (word.size() > kMaxWordLength || ++count > kMaxWords)
      return invalid(fmt::format("a search has at most {} words of at most {} characters",
                                 kMaxWords, kMaxWordLength));
    if (std::none_of(word.begin(), word.end(),
                     [](unsigned char c) { return std::isalnum(c) || c >= 0x80; }))
      continue;  // a word of punctuation only has no token to match
    out.emplace_back(word);
  }
  if (out.empty()) return invalid("the search has no word to look for");
  return out;
}

bool search_prefix(std::string_view word) {
  std::string tokens = search_tokens(word);
  size_t space = tokens.rfind(' ');
  size_t last = space == std::string::npos ? tokens.size() : tokens.size() - space - 1;
  return last >= kMinPrefix;
}

std::string search_tokens(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c >= 0x80 || std::isalnum(c))
      out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string search_matched_field(const AssetIdentity& asset, const std::string& words) {
  std::string_view first(words);
  first.remove_prefix(std::min(first.find_first_not_of(" \t\r\n"), first.size()));
  first = first.substr(0, first.find_first_of(" \t\r\n"));
  if (contains_folded(asset.id, first)) return "id";
  if (contains_folded(asset.name, first)) return "name";
  return "config";
}

}  // namespace vigil::store
