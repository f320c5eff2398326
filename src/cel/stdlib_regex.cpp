#include "cel/stdlib_regex.h"

#include <array>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

namespace vigil::cel::stdlib {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

class RegexCache {
 public:
  std::shared_ptr<const re2::RE2> find(std::string_view pattern) const {
    std::shared_lock lock(mu_);
    auto it = map_.find(pattern);
    return it == map_.end() ? nullptr : it->second;
  }

  void insert(std::string_view pattern, std::shared_ptr<const re2::RE2> re) {
    std::unique_lock lock(mu_);
    if (map_.size() >= kMaxCachedPatterns) map_.clear();
    map_.emplace(std::string(pattern), std::move(re));
  }

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const re2::RE2>, StringHash, std::equal_to<>>
      map_;
};

RegexCache& cache() {
  static RegexCache* instance = new RegexCache();  // never destroyed: used until exit
  return *instance;
}

// Per-thread memo of recently used patterns (round-robin replacement).
struct Memo {
  static constexpr size_t kSize = 8;
  std::array<std::string, kSize> patterns;
  std::array<std::shared_ptr<const re2::RE2>, kSize> regexes;
  size_t next = 0;
};

}  // namespace

Result<std::shared_ptr<const re2::RE2>> compiled_regex(std::string_view pattern) {
  thread_local Memo memo;
  for (size_t i = 0; i < Memo::kSize; ++i) {
    if (memo.regexes[i] && memo.patterns[i] == pattern) return memo.regexes[i];
  }
  auto re = cache().find(pattern);
  if (!re) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto compiled =
        std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!compiled->ok()) {
      return Error{
          fmt::format("invalid regular expression \"{}\": {}", pattern, compiled->error())};
    }
    cache().insert(pattern, compiled);
    re = std::move(compiled);
  }
  memo.patterns[memo.next].assign(pattern);
  memo.regexes[memo.next] = re;
  memo.next = (memo.next + 1) % Memo::kSize;
  return re;
}

}  // namespace vigil::cel::stdlib
