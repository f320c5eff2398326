// Paginator expressions and page merging as botocore's paginators-1.json
// uses them (plain tokens, "A.B" paths, "Contents[-1].Key" indexes, "||"
// alternatives, more_results), merged the way the AWS CLI prints them.
#include "aws_client/client_pagination.h"

#include <gtest/gtest.h>

namespace vigil::aws {
namespace {

using nlohmann::json;

TEST(PaginatorLookup, PathsIndexesAndAlternatives) {
  json page = json::parse(R"({"NextMarker": "", "IsTruncated": true,
    "Contents": [{"Key": "a"}, {"Key": "b"}],
    "StreamDescription": {"Shards": [{"ShardId": "s1"}, {"ShardId": "s2"}], "HasMoreShards": false}})");
  EXPECT_EQ(paginator_lookup(page, "IsTruncated"), true);
  EXPECT_EQ(paginator_lookup(page, "Contents[-1].Key"), "b");
  EXPECT_EQ(paginator_lookup(page, "Contents[0].Key"), "a");
  EXPECT_EQ(paginator_lookup(page, "StreamDescription.Shards[-1].ShardId"), "s2");
  EXPECT_EQ(paginator_lookup(page, "StreamDescription.HasMoreShards"), false);
  EXPECT_EQ(paginator_lookup(page, "NextMarker || Contents[-1].Key"), "b");  // "" is falsy
  EXPECT_TRUE(paginator_lookup(page, "Missing.Path").is_null());
  EXPECT_TRUE(paginator_lookup(page, "Contents[5].Key").is_null());
}

TEST(NextPageTokens, StopsWithoutTokenOrWhenMoreResultsIsFalse) {
  Paginator p;
  p.input_token = {"NextToken"};
  p.output_token = {"NextToken"};
  p.result_key = {"SecurityGroups"};
  EXPECT_EQ(next_page_tokens(p, json::parse(R"({"NextToken": "t1"})")), std::vector<json>{"t1"});
  EXPECT_TRUE(next_page_tokens(p, json::parse(R"({"SecurityGroups": []})")).empty());
  EXPECT_TRUE(next_page_tokens(p, json::parse(R"({"NextToken": ""})")).empty());

  Paginator s3;  // ListObjects
  s3.more_results = "IsTruncated";
  s3.output_token = {"NextMarker || Contents[-1].Key"};
  s3.input_token = {"Marker"};
  EXPECT_EQ(
      next_page_tokens(s3, json::parse(R"({"IsTruncated": true, "Contents": [{"Key": "k9"}]})")),
      std::vector<json>{"k9"});
  EXPECT_TRUE(
      next_page_tokens(s3, json::parse(R"({"IsTruncated": false, "NextMarker": "x"})")).empty());
}

TEST(NextPageTokens, SeveralTokensKeepTheirPositions) {
  Paginator p;  // Route 53 ListResourceRecordSets style
  p.output_token = {"NextRecordName", "NextRecordType", "NextRecordIdentifier"};
  p.input_token = {"StartRecordName", "StartRecordType", "StartRecordIdentifier"};
  p.more_results = "IsTruncated";
  auto tokens = next_page_tokens(
      p, json::parse(R"({"IsTruncated": true, "NextRecordName": "a.", "NextRecordType": "A"})"));
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0], "a.");
  EXPECT_EQ(tokens[1], "A");
  EXPECT_TRUE(tokens[2].is_null());
}

TEST(PageMerger, ConcatenatesResultKeysKeepsFirstPageRest) {
  Paginator p;
  p.input_token = {"Marker"};
  p.output_token = {"Marker"};
  p.more_results = "IsTruncated";
  p.result_key = {"Users"};
  PageMerger merger(p);
  merger.add(json::parse(
      R"({"Users": [{"UserName": "a"}], "IsTruncated": true, "Marker": "m1", "Other": 1})"));
  merger.add(json::parse(
      R"({"Users": [{"UserName": "b"}, {"UserName": "c"}], "IsTruncated": false, "Other": 2})"));
  EXPECT_EQ(merger.pages(), 2u);
  EXPECT_EQ(merger.result(),
            json::parse(R"({"Users": [{"UserName": "a"}, {"UserName": "b"}, {"UserName": "c"}],
                                             "Other": 1})"));
}

TEST(PageMerger, NestedResultKeysAndKeysMissingFromTheFirstPage) {
  Paginator p;
  p.output_token = {"Page.Next"};
  p.input_token = {"Next"};
  p.result_key = {"Page.Items", "Extra"};
  PageMerger merger(p);
  merger.add(json::parse(R"({"Page": {"Items": [1, 2], "Next": "n"}})"));
  merger.add(json::parse(R"({"Page": {"Items": [3]}, "Extra": ["x"]})"));
  EXPECT_EQ(merger.result(), json::parse(R"({"Page": {"Items": [1, 2, 3]}, "Extra": ["x"]})"));
}

TEST(PageMerger, SinglePageDropsOnlyTheToken) {
  Paginator p;
  p.output_token = {"NextToken"};
  p.input_token = {"NextToken"};
  p.result_key = {"Keys"};
  PageMerger merger(p);
  merger.add(json::parse(R"({"Keys": [], "Truncated": false})"));
  EXPECT_EQ(merger.result(), json::parse(R"({"Keys": [], "Truncated": false})"));
}

}  // namespace
}  // namespace vigil::aws
