// Pagination helpers for AwsClient::call_all_pages(), driven by botocore's
// paginators-1.json (model/service_model.h Paginator):
//  - the small expression language paginators use for output tokens, result
//    keys and more_results: member paths "A.B", an index "Items[-1]" (negative
//    counts from the end) and alternatives "NextMarker || Contents[-1].Key"
//    (the first that is not null/empty);
//  - merging pages the way the AWS CLI prints them: the result keys of every
//    page concatenated in page order, every other member from the first page,
//    the output tokens and the more_results member removed.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"

namespace vigil::aws {

// Evaluates `expression` against `document`; null when any step is absent.
nlohmann::json paginator_lookup(const nlohmann::json& document, std::string_view expression);

// JMESPath truthiness: false for null, false, "", [], {}.
bool paginator_truthy(const nlohmann::json& value);

// The tokens for the next request, one per output_token (null where absent),
// or an empty vector when this page is the last one (no token, or
// more_results says false).
std::vector<nlohmann::json> next_page_tokens(const Paginator& paginator,
                                             const nlohmann::json& page);

class PageMerger {
 public:
  explicit PageMerger(const Paginator& paginator) : paginator_(paginator) {}
  void add(const nlohmann::json& page);
  nlohmann::json result() const;  // the merged output (an empty object before any page)
  size_t pages() const { return pages_; }

 private:
  const Paginator& paginator_;
  nlohmann::json merged_ = nlohmann::json::object();
  size_t pages_ = 0;
};

}  // namespace vigil::aws
