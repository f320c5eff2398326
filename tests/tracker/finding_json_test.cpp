// tracker/finding_json.h: the text writer of a tracked finding gives the
// same bytes as the JSON tree's dump (the API's pages use the writer, the
// CLI and single findings the tree), for every optional member and for
// strings that need escaping.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tracker/finding_json.h"

namespace vigil::tracker {
namespace {

store::Violation sample() {
  store::Violation v;
  v.id = 42;
  v.policy_id = "aws-s3-bucket-public";
  v.severity = "high";
  v.category = "security";
  v.asset.id = "arn:aws:s3:::acme-logs";
  v.asset.type = "aws.s3.bucket";
  v.asset.account = "111111111111";
  v.asset.region = "global";
  v.asset.name = "acme-logs";
  v.status = store::ViolationStatus::Open;
  v.message = "bucket policy: Sid \"PublicRead\" lets anyone in";
  v.first_seen = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764547200123));
  v.last_change = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764633600000));
  return v;
}

std::string tree_text(const store::Violation& v, const PolicyTexts& texts) {
  return tracked_finding_json(v, texts).dump(-1, ' ', false,
                                             nlohmann::ordered_json::error_handler_t::replace);
}

std::string writer_text(const store::Violation& v, const PolicyTexts& texts) {
  std::string out;
  append_tracked_finding_json(out, v, texts);
  return out;
}

TEST(FindingJson, TheWriterWritesTheTreesBytes) {
  PolicyTexts texts = {{"aws-s3-bucket-public",
                        {"S3 bucket is public", "why", "Turn on \\ Block Public Access\n\tnow"}}};
  store::Violation v = sample();
  EXPECT_EQ(writer_text(v, texts), tree_text(v, texts));
  EXPECT_EQ(writer_text(v, {}), tree_text(v, {}));  // a policy no longer in the pack

  v.status = store::ViolationStatus::Closed;
  v.close_reason = "fixed";
  EXPECT_EQ(writer_text(v, texts), tree_text(v, texts));

  v.status = store::ViolationStatus::Exempted;
  v.close_reason.clear();
  v.exception_id = 7;
  v.asset.name = "caf\xc3\xa9 \xe2\x9c\x93";  // UTF-8 passes through
  v.message = std::string("bell \x07, nul \0 and \x1f", 17) + " \"quoted\" / slash";
  EXPECT_EQ(writer_text(v, texts), tree_text(v, texts));

  v.status = store::ViolationStatus::Unknown;
  v.asset.region.clear();
  v.message.clear();
  EXPECT_EQ(writer_text(v, texts), tree_text(v, texts));
}

TEST(FindingJson, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  store::Violation v = sample();
  v.message = "bad \xff\xfe bytes";
  nlohmann::json parsed = nlohmann::json::parse(writer_text(v, {}));  // valid JSON
  EXPECT_EQ(parsed["message"], "bad \xef\xbf\xbd\xef\xbf\xbd bytes");
}

}  // namespace
}  // namespace vigil::tracker
