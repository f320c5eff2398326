// Paginator expressions and page merging; see client_pagination.h.
#include "aws_client/client_pagination.h"

#include <charconv>
#include <string>

namespace vigil::aws {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// One path "A.B[-1].C" (no alternatives).
nlohmann::json lookup_path(const nlohmann::json& document, std::string_view path) {
  const nlohmann::json* node = &document;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t end = path.find_first_of(".[", pos);
    std::string_view name =
        path.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!name.empty()) {
      if (!node->is_object()) return nullptr;
      auto it = node->find(std::string(name));
      if (it == node->end()) return nullptr;
      node = &*it;
    }
    if (end == std::string_view::npos) break;
    if (path[end] == '.') {
      pos = end + 1;
      continue;
    }
    size_t close = path.find(']', end);
    if (close == std::string_view::npos || !node->is_array()) return nullptr;
    std::string_view digits = path.substr(end + 1, close - end - 1);
    long index = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec != std::errc() || ptr != digits.data() + digits.size()) return nullptr;
    long size = static_cast<long>(node->size());
    if (index < 0) index += size;
    if (index < 0 || index >= size) return nullptr;
    node = &(*node)[static_cast<size_t>(index)];
    pos = close + 1;
    if (pos < path.size() && path[pos] == '.') ++pos;
  }
  return *node;
}

// Sets document.A.B = value, creating objects on the way.
void assign_path(nlohmann::json& document, std::string_view path, nlohmann::json value) {
  nlohmann::json* node = &document;
  size_t pos = 0;
  while (true) {
    size_t dot = path.find('.', pos);
    std::string name(
        path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    if (!node->is_object()) *node = nlohmann::json::object();
    if (dot == std::string_view::npos) {
      (*node)[name] = std::move(value);
      return;
    }
    node = &(*node)[name];
    pos = dot + 1;
  }
}

// The member at a dotted path ("A.B"), or null when a step is absent.
nlohmann::json* find_plain_path(nlohmann::json& document, std::string_view path) {
  nlohmann::json* node = &document;
  size_t pos = 0;
  while (true) {
    if (!node->is_object()) return nullptr;
    size_t dot = path.find('.', pos);
    std::string name(
        path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    auto it = node->find(name);
    if (it == node->end()) return nullptr;
    node = &*it;
    if (dot == std::string_view::npos) return node;
    pos = dot + 1;
  }
}

void erase_path(nlohmann::json& document, std::string_view path) {
  nlohmann::json* node = &document;
  size_t pos = 0;
  while (node->is_object()) {
    size_t dot = path.find('.', pos);
    std::string name(
        path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    if (dot == std::string_view::npos) {
      node->erase(name);
      return;
    }
    auto it = node->find(name);
    if (it == node->end()) return;
    node = &*it;
    pos = dot + 1;
  }
}

bool is_plain_path(std::string_view expression) {
  return expression.find_first_of("[|") == std::string_view::npos;
}

}  // namespace

nlohmann::json paginator_lookup(const nlohmann::json& document, std::string_view expression) {
  size_t pos = 0;
  while (true) {
    size_t bar = expression.find("||", pos);
    auto alternative = trim(
        expression.substr(pos, bar == std::string_view::npos ? std::string_view::npos : bar - pos));
    nlohmann::json value = lookup_path(document, alternative);
    if (bar == std::string_view::npos || paginator_truthy(value)) return value;
    pos = bar + 2;
  }
}

bool paginator_truthy(const nlohmann::json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  if (value.is_array() || value.is_object()) return !value.empty();
  return true;
}

std::vector<nlohmann::json> next_page_tokens(const Paginator& paginator,
                                             const nlohmann::json& page) {
  if (!paginator.more_results.empty() &&
      !paginator_truthy(paginator_lookup(page, paginator.more_results))) {
    return {};
  }
  std::vector<nlohmann::json> tokens;
  bool any = false;
  for (const auto& expression : paginator.output_token) {
    nlohmann::json token = paginator_lookup(page, expression);
    any = any || paginator_truthy(token);
    tokens.push_back(paginator_truthy(token) ? std::move(token) : nlohmann::json());
  }
  if (!any) return {};
  return tokens;
}

void PageMerger::add(const nlohmann::json& page) {
  ++pages_;
  if (pages_ == 1) {
    merged_ = page.is_object() ? page : nlohmann::json::object();
    for (const auto& expression : paginator_.output_token) {
      if (is_plain_path(expression)) erase_path(merged_, expression);
    }
    if (!paginator_.more_results.empty() && is_plain_path(paginator_.more_results)) {
      erase_path(merged_, paginator_.more_results);
    }
    return;
  }
  for (const auto& key : paginator_.result_key) {
    nlohmann::json items = lookup_path(page, key);
    if (items.is_null()) continue;
    // In place: a copy of the merged list per page made merging O(pages^2).
    nlohmann::json* current = find_plain_path(merged_, key);
    if (current == nullptr || current->is_null()) {
      assign_path(merged_, key, std::move(items));
    } else if (current->is_array() && items.is_array()) {
      for (auto& item : items) current->push_back(std::move(item));
    } else if (current->is_string() &&
               items.is_string()) {  // text result keys concatenate (as the CLI does)
      current->get_ref<std::string&>() += items.get_ref<const std::string&>();
    } else if (current->is_number_integer() && items.is_number_integer()) {  // counts add up
      *current = current->get<int64_t>() + items.get<int64_t>();
    } else if (current->is_number() && items.is_number()) {
      *current = current->get<double>() + items.get<double>();
    }
  }
}

nlohmann::json PageMerger::result() const { return merged_; }

}  // namespace vigil::aws
