// Backend-neutral pieces of asset search (Store::index_search and
// search_assets), for backends that index text themselves (postgres/):
// which text of an asset is indexed, how a user's words are checked, and
// which field a hit is best explained by. Both backends (sqlite/ with FTS5,
// postgres/ with tsvector) use these, so they find the same assets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace vigil::store {

// The string and number values of an asset's JSON, space-separated, cut at
// 64 KiB (its ids, names and first values are what people search for).
std::string search_config_text(std::string_view content);

// The user's words, split on white space: at most 16 words of at most 200
// bytes (InvalidInput naming "q" otherwise); words of punctuation only are
// dropped; none left is InvalidInput too.
Result<std::vector<std::string>> search_words(const std::string& words);

// Whether `word` matches as the start of an indexed word (a prefix) or only
// as a whole word: a prefix when its last token (search_tokens) has at least
// 3 characters. A 1- or 2-character prefix (the "0" ending "0.0.0.0/0", the
// "1" ending "us-east-1") is the start of a large share of any index's words:
// the search would read most of the index to find few hits.
bool search_prefix(std::string_view word);

// Text as search tokens: ASCII letters lower-cased, ASCII punctuation and
// white space turned into single spaces (bytes >= 0x80 are kept), so ids
// like "arn:aws:s3:::web-assets" index as their words.
std::string search_tokens(std::string_view text);

// "id" or "name" when the asset's id or name holds the first word (ASCII
// case folded), else "config".
std::string search_matched_field(const AssetIdentity& asset, const std::string& words);

}  // namespace vigil::store
