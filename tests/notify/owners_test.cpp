// Owner resolution (owners.h) and the message model's outbox form.
#include <gtest/gtest.h>

#include "notify/message.h"
#include "notify/owners.h"
#include "notify/templates.h"

namespace vigil::notify {
namespace {

OwnerRules rules() {
  OwnerRules r;
  r.tag_keys = {"owner", "team-email"};
  r.group_owners = {{"prod", {"prod@example.com"}},
                    {"pci", {"pci@example.com", "prod@example.com"}}};
  r.fallback = {"secops@example.com"};
  return r;
}

TEST(Owners, TagsFirstInKeyOrder) {
  Owners o = resolve_owners(
      {{"team-email", "team@example.com"}, {"owner", "a@example.com; b@example.com"}}, {"prod"},
      rules());
  EXPECT_EQ(o.addresses, (std::vector<std::string>{"a@example.com", "b@example.com"}));
  EXPECT_EQ(o.via, "tag owner");
}

TEST(Owners, ATagThatIsNotAnAddressFallsThroughToGroups) {
  Owners o = resolve_owners({{"owner", "team-payments"}}, {"prod", "pci", "dev"}, rules());
  EXPECT_EQ(o.addresses, (std::vector<std::string>{"prod@example.com", "pci@example.com"}));
  EXPECT_EQ(o.via, "group prod, pci");
}

TEST(Owners, FallbackThenNobody) {
  EXPECT_EQ(resolve_owners({}, {"dev"}, rules()).addresses,
            std::vector<std::string>{"secops@example.com"});
  OwnerRules none = rules();
  none.fallback.clear();
  EXPECT_TRUE(
      resolve_owners({{"Owner", "x@example.com"}}, {}, none).addresses.empty());  // keys are exact
}

TEST(Owners, AddressesInATagValue) {
  EXPECT_EQ(addresses_in("a@x.org,b@y.org  c@z.org;not-an-address;@x.org;d@nodot"),
            (std::vector<std::string>{"a@x.org", "b@y.org", "c@z.org"}));
}

TEST(Owners, TagsOfAnAsset) {
  auto asset = Asset::parse(
      R"({"id":"arn:a","type":"aws.s3.bucket","tags":{"owner":"a@x.org","Name":"a"}})");
  ASSERT_TRUE(asset.ok()) << asset.error().message;
  EXPECT_EQ(asset_tags(*asset), (Tags{{"owner", "a@x.org"}, {"Name", "a"}}));
}

TEST(MessageJson, RoundTrips) {
  ViolationItem v{"p", "<b>t</b>", "high", "arn:a", "a", "1", "r", "m & n"};
  Message m = violations_opened({v}, 3, Settings{});
  m.to = {"a@x.org"};
  m.key = "scan:3:opened:a@x.org";
  auto back = message_from_json(to_json(m));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->kind, EventKind::ViolationsOpened);
  EXPECT_EQ(back->to, m.to);
  EXPECT_EQ(back->subject, m.subject);
  EXPECT_EQ(back->html, m.html);
  EXPECT_EQ(back->facts, m.facts);
  EXPECT_NE(m.html.find("&lt;b&gt;t&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(m.html.find("m &amp; n"), std::string::npos);
  EXPECT_FALSE(message_from_json("{\"kind\":\"nope\"}").ok());
}

TEST(Templates, ADigestCountsBySeverityAndListsAtMostTheLimit) {
  Settings s;
  s.items_per_message = 2;
  std::vector<ViolationItem> open(5, ViolationItem{"p", "T", "high", "arn:a", "a", "1", "r", "m"});
  open[4].severity = "low";
  Message m = digest("group prod", open, {}, s);
  EXPECT_EQ(m.subject, "[Vigil] Digest for group prod: 5 open violations");
  EXPECT_NE(m.text.find("high: 4\nlow: 1\n"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("... and 3 more."), std::string::npos);
  EXPECT_EQ(m.facts["violations"].size(), 2u);
}

}  // namespace
}  // namespace vigil::notify
