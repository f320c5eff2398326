#include "core/json_doc.h"

#include "core/json_depth.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace vigil {
namespace {

JsonDoc parse_ok(std::string_view text, const std::vector<UnavailablePart>& parts = {}) {
  Result<JsonDoc> r = JsonDoc::parse(text, parts);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : JsonDoc();
}

TEST(JsonDoc, NodeIsSixteenBytes) { EXPECT_EQ(sizeof(JsonDoc::Node), 16u); }

TEST(JsonDoc, RoundTripsCompactText) {
  const std::string texts[] = {
      R"({"a":1,"b":[true,false,null],"c":{"d":"x","e":-5},"f":1.5,"g":[],"h":{}})",
      R"([1,"two",[3,[4,[5]]],{"k":{"k":{"k":null}}}])",
      R"("just a string")",
      R"(42)",
      R"(null)",
  };
  for (const std::string& text : texts) {
    JsonDoc doc = parse_ok(text);
    EXPECT_EQ(doc.root().to_json(), text);
    // A second trip through the parser gives the same text again.
    JsonDoc again = parse_ok(doc.root().to_json());
    EXPECT_EQ(again.root().to_json(), text);
  }
}

TEST(JsonDoc, DoublesStayDoublesThroughToJson) {
  JsonDoc doc = parse_ok(R"([2.0, 0.1, 1e300, -3.25])");
  EXPECT_EQ(doc.root().to_json(), "[2.0,0.1,1e+300,-3.25]");
  JsonDoc again = parse_ok(doc.root().to_json());
  EXPECT_EQ(again.root().at(0).kind(), JsonKind::Double);
  EXPECT_DOUBLE_EQ(again.root().at(1).as_double(), 0.1);
}

TEST(JsonDoc, ReadsMembersByKeyAndIndex) {
  JsonDoc doc = parse_ok(R"({"Name":"web","Ports":[22,443],"Nested":{"On":true}})");
  JsonRef root = doc.root();
  ASSERT_EQ(root.kind(), JsonKind::Object);
  ASSERT_EQ(root.size(), 3u);
  EXPECT_EQ(root.key_at(0), "Name");
  EXPECT_EQ(root.key_at(2), "Nested");
  EXPECT_EQ(root.find("Name").as_string(), "web");
  EXPECT_EQ(root.find("Ports").at(1).as_int(), 443);
  EXPECT_TRUE(root.find("Nested").find("On").as_bool());
  EXPECT_EQ(root.find(KeyTable::instance().find("Ports")).size(), 2u);
  EXPECT_FALSE(root.find("Absent").valid());
  EXPECT_FALSE(root.find("Ports").at(2).valid());
  EXPECT_FALSE(root.find("Name").find("Name").valid());  // not an object
}

TEST(JsonDoc, DecodesUnicodeEscapes) {
  JsonDoc doc = parse_ok(R"(["\u00e9", "\ud83d\ude00", "tab\there", "q\"b\\s\/", "\u0001"])");
  JsonRef a = doc.root();
  EXPECT_EQ(a.at(0).as_string(), "\xc3\xa9");          // é
  EXPECT_EQ(a.at(1).as_string(), "\xf0\x9f\x98\x80");  // U+1F600 from a surrogate pair
  EXPECT_EQ(a.at(2).as_string(), "tab\there");
  EXPECT_EQ(a.at(3).as_string(), "q\"b\\s/");
  EXPECT_EQ(a.at(4).as_string(), std::string_view("\x01", 1));
  EXPECT_EQ(a.to_json(),
            "[\"\xc3\xa9\",\"\xf0\x9f\x98\x80\",\"tab\\there\",\"q\\\"b\\\\s/\",\"\\u0001\"]");
}

TEST(JsonDoc, ClassifiesNumbers) {
  JsonDoc doc = parse_ok(
      R"([9223372036854775807, -9223372036854775808, 9223372036854775808,
          18446744073709551615, 18446744073709551616, 1.0, 1e2, -0])");
  JsonRef a = doc.root();
  EXPECT_EQ(a.at(0).kind(), JsonKind::Int);
  EXPECT_EQ(a.at(0).as_int(), INT64_MAX);
  EXPECT_EQ(a.at(1).kind(), JsonKind::Int);
  EXPECT_EQ(a.at(1).as_int(), INT64_MIN);
  EXPECT_EQ(a.at(2).kind(), JsonKind::Uint);
  EXPECT_EQ(a.at(2).as_uint(), uint64_t{9223372036854775808u});
  EXPECT_EQ(a.at(3).kind(), JsonKind::Uint);
  EXPECT_EQ(a.at(3).as_uint(), UINT64_MAX);
  EXPECT_EQ(a.at(4).kind(), JsonKind::Double);
  EXPECT_DOUBLE_EQ(a.at(4).as_double(), 18446744073709551616.0);
  EXPECT_EQ(a.at(5).kind(), JsonKind::Double);
  EXPECT_EQ(a.at(6).kind(), JsonKind::Double);
  EXPECT_EQ(a.at(7).kind(), JsonKind::Int);
}

TEST(JsonDoc, DuplicateKeysFirstWins) {
  JsonDoc doc = parse_ok(R"({"k":1,"k":2,"other":3})");
  EXPECT_EQ(doc.root().size(), 3u);  // source order and members are kept
  EXPECT_EQ(doc.root().find("k").as_int(), 1);
  EXPECT_EQ(doc.root().at(1).as_int(), 2);
}

TEST(JsonDoc, ReportsSyntaxErrorsWithOffset) {
  Result<JsonDoc> r = JsonDoc::parse(R"({"a": tru})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().offset, 9u);  // where the bad literal was detected
  EXPECT_NE(r.error().message.find("invalid"), std::string::npos) << r.error().message;

  Result<JsonDoc> trailing = JsonDoc::parse(R"({"a": 1,})");
  ASSERT_FALSE(trailing.ok());
  EXPECT_EQ(trailing.error().offset, 8u);

  EXPECT_FALSE(JsonDoc::parse("").ok());
  EXPECT_FALSE(JsonDoc::parse("{\"a\":\"\xff\"}").ok());  // invalid UTF-8
}

// Found by an attack: 300,000 '[' after a key crashed the error path (the
// slow path recursed once per level). The position of the first bracket too
// deep is reported instead, without recursion.
TEST(JsonDoc, RejectsHostileNestingWithItsPosition) {
  std::string text = "{\"Reservations\":" + std::string(300000, '[');
  Result<JsonDoc> r = JsonDoc::parse(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().offset, 16u + kMaxJsonDepth - 1) << r.error().message;
  EXPECT_NE(r.error().message.find("nested deeper than 1024"), std::string::npos)
      << r.error().message;

  // Just as deep as allowed, but invalid: the syntax error, not the depth.
  std::string at_limit = std::string(kMaxJsonDepth, '[') + "x";
  Result<JsonDoc> limit = JsonDoc::parse(at_limit);
  ASSERT_FALSE(limit.ok());
  EXPECT_EQ(limit.error().message.find("nested deeper"), std::string::npos)
      << limit.error().message;
}

TEST(JsonDepth, SkipsBracketsInsideStrings) {
  EXPECT_EQ(find_json_depth_excess(R"(["[[[[", "\"[[["])", 1), std::nullopt);
  EXPECT_EQ(find_json_depth_excess("[[]]", 1), std::optional<size_t>(1));
  EXPECT_EQ(find_json_depth_excess("[][][]", 1), std::nullopt);
}

TEST(JsonDoc, InsertsUnavailablePartsReplacingCreatingAndNesting) {
  std::vector<UnavailablePart> parts = {
      {{"config", "BucketPolicy"}, "GetBucketPolicy: AccessDenied: denied"},
      {{"config", "Logging", "Target"}, "GetBucketLogging: Throttling: slow down"},
      {{"config", "Acl"}, "GetBucketAcl: AccessDenied: no"},
      {{"extra"}, "Whole: Failure: gone"},
  };
  JsonDoc doc =
      parse_ok(R"({"id":"b","config":{"Name":"b","BucketPolicy":{"x":1},"Logging":5}})", parts);
  JsonRef config = doc.root().find("config");
  ASSERT_EQ(config.kind(), JsonKind::Object);
  JsonRef policy = config.find("BucketPolicy");
  EXPECT_EQ(policy.kind(), JsonKind::Unavailable);
  EXPECT_EQ(policy.as_string(), "GetBucketPolicy: AccessDenied: denied");
  // A non-object on the path is replaced by an object holding the part.
  JsonRef target = config.find("Logging").find("Target");
  EXPECT_EQ(target.kind(), JsonKind::Unavailable);
  EXPECT_EQ(target.as_string(), "GetBucketLogging: Throttling: slow down");
  // Missing members are created.
  EXPECT_EQ(config.find("Acl").kind(), JsonKind::Unavailable);
  EXPECT_EQ(doc.root().find("extra").kind(), JsonKind::Unavailable);
  EXPECT_EQ(config.find("Name").as_string(), "b");
  EXPECT_EQ(
      doc.root().to_json(),
      R"({"id":"b","config":{"Name":"b","BucketPolicy":{"$unavailable":"GetBucketPolicy: AccessDenied: denied"},)"
      R"("Logging":{"Target":{"$unavailable":"GetBucketLogging: Throttling: slow down"}},)"
      R"("Acl":{"$unavailable":"GetBucketAcl: AccessDenied: no"}},"extra":{"$unavailable":"Whole: Failure: gone"}})");
}

TEST(JsonDoc, UnavailablePartsIntoMissingParentsAndEnclosingParts) {
  std::vector<UnavailablePart> parts = {
      {{"config", "A", "B"}, "inner"},
      {{"config"}, "outer"},  // an enclosing part covers the inner one
  };
  JsonDoc doc = parse_ok(R"({"id":"x"})", parts);
  EXPECT_EQ(doc.root().find("config").kind(), JsonKind::Unavailable);
  EXPECT_EQ(doc.root().find("config").as_string(), "outer");

  JsonDoc created = parse_ok(R"({"id":"x"})", {{{"a", "b"}, "why"}});
  EXPECT_EQ(created.root().find("a").find("b").as_string(), "why");

  EXPECT_FALSE(JsonDoc::parse("[1]", {{{"a"}, "why"}}).ok());
  EXPECT_FALSE(JsonDoc::parse("{}", {{{}, "why"}}).ok());
}

TEST(JsonDoc, MemoryIsNodesPlusStrings) {
  JsonDoc doc = parse_ok(R"({"a":"xyz","b":[1,2]})");
  // root + a + b + 2 elements = 5 nodes; "xyz" = 3 bytes.
  EXPECT_EQ(doc.memory_bytes(), 5 * sizeof(JsonDoc::Node) + 3);
}

TEST(JsonDoc, MovedDocumentKeepsReadingTheSameData) {
  JsonDoc doc = parse_ok(R"({"k":[1,2,3]})");
  JsonDoc moved = std::move(doc);
  EXPECT_EQ(moved.root().find("k").at(2).as_int(), 3);
}

TEST(JsonDoc, ManyThreadsReadOneDocumentAndParseTheirOwn) {
  JsonDoc shared = parse_ok(R"({"items":[{"n":0},{"n":1},{"n":2},{"n":3}],"name":"shared"})");
  std::vector<std::thread> threads;
  std::vector<int64_t> sums(4, 0);
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        JsonRef items = shared.root().find("items");
        for (uint32_t i = 0; i < items.size(); ++i) sums[t] += items.at(i).find("n").as_int();
        std::string key = "thread" + std::to_string(t) + "_" + std::to_string(round % 50);
        std::string text = "{\"" + key + "\":" + std::to_string(round) + "}";
        Result<JsonDoc> own = JsonDoc::parse(text);
        if (!own.ok() || own->root().find(key).as_int() != round || own->root().key_at(0) != key)
          ++failures[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) {
    EXPECT_EQ(sums[t], 500 * 6);
    EXPECT_EQ(failures[t], 0);
  }
}

}  // namespace
}  // namespace vigil
