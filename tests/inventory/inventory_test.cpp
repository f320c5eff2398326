#include "inventory/inventory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace vigil {
namespace {

namespace fs = std::filesystem;

class InventoryFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-inventory-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  fs::path dir_;
};

const char* kGood =
    "# a comment line\n"
    R"({"id":"acct-1","type":"aws.account","account":"111111111111","config":{"PasswordPolicy":{"MinimumPasswordLength":14}}})" "\n"
    "\n"
    R"({"id":"i-1","type":"aws.ec2.instance","account":"111111111111","region":"us-east-1","relationships":{"volumes":["vol-1","vol-2","vol-gone"]}})" "\n"
    R"({"id":"vol-1","type":"aws.ec2.volume","account":"111111111111","config":{"Encrypted":true}})" "\r\n"
    R"({"id":"vol-2","type":"aws.ec2.volume","account":"222222222222","config":{"Encrypted":false}})" "\n"
    R"({"id":"vol-3","type":"aws.ec2.volume","account":"111111111111","config":{"Encrypted":false}})";  // no final newline

TEST_F(InventoryFile, LoadsAndIndexes) {
  Result<Inventory> r = Inventory::load_jsonl(write("good.jsonl", kGood));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Inventory& inv = r.value();
  ASSERT_EQ(inv.size(), 5u);
  EXPECT_EQ(inv.at(0).id, "acct-1");
  EXPECT_EQ(inv.at(4).id, "vol-3");
  ASSERT_NE(inv.find("vol-2"), nullptr);
  EXPECT_EQ(inv.find("vol-2")->account, "222222222222");
  EXPECT_EQ(inv.find("nope"), nullptr);

  auto volumes = inv.of_type("aws.ec2.volume");
  ASSERT_EQ(volumes.size(), 3u);
  EXPECT_EQ(volumes[0]->id, "vol-1");
  EXPECT_EQ(volumes[2]->id, "vol-3");
  EXPECT_TRUE(inv.of_type("aws.s3.bucket").empty());

  auto in_account = inv.of_type_in_account("aws.ec2.volume", "111111111111");
  ASSERT_EQ(in_account.size(), 2u);
  EXPECT_EQ(in_account[1]->id, "vol-3");
  EXPECT_TRUE(inv.of_type_in_account("aws.ec2.volume", "999").empty());

  ASSERT_NE(inv.account_asset("111111111111"), nullptr);
  EXPECT_EQ(inv.account_asset("111111111111")->id, "acct-1");
  EXPECT_EQ(inv.account_asset("222222222222"), nullptr);

  size_t missing = 0;
  auto related = inv.related(*inv.find("i-1"), "volumes", &missing);
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[0]->id, "vol-1");
  EXPECT_EQ(related[1]->id, "vol-2");
  EXPECT_EQ(missing, 1u);
  EXPECT_TRUE(inv.related(*inv.find("vol-1"), "volumes").empty());

  EXPECT_GT(inv.memory_bytes(), 0u);
  size_t source = 0;
  for (size_t i = 0; i < inv.size(); ++i) source += inv.at(i).source_bytes;
  EXPECT_EQ(inv.source_bytes(), source);
}

// An asset that is not in the inventory (e.g. a policy test's inline asset)
// is answered from its own relationships, looked up in the inventory.
TEST_F(InventoryFile, RelatedForAnAssetOutsideTheInventory) {
  Result<Inventory> r = Inventory::load_jsonl(write("good.jsonl", kGood));
  ASSERT_TRUE(r.ok()) << r.error().message;
  Result<Asset> outside = Asset::parse(
      R"({"id":"i-9","type":"aws.ec2.instance","relationships":{"volumes":["vol-3","nope"],"other":[]}})");
  ASSERT_TRUE(outside.ok()) << outside.error().message;
  size_t missing = 0;
  auto related = r->related(outside.value(), "volumes", &missing);
  ASSERT_EQ(related.size(), 1u);
  EXPECT_EQ(related[0]->id, "vol-3");
  EXPECT_EQ(missing, 1u);
  EXPECT_TRUE(r->related(outside.value(), "other", &missing).empty());
  EXPECT_EQ(missing, 0u);
  EXPECT_TRUE(r->related(*r->find("i-1"), "no-such-relation", &missing).empty());
  EXPECT_EQ(missing, 0u);
}

TEST_F(InventoryFile, MovedInventoryKeepsAssetsAndIndexes) {
  Result<Inventory> r = Inventory::load_jsonl(write("good.jsonl", kGood));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Asset* vol = r->find("vol-1");
  Inventory moved = std::move(r).value();
  EXPECT_EQ(moved.find("vol-1"), vol);
  EXPECT_EQ(moved.of_type("aws.ec2.volume").size(), 3u);
}

TEST_F(InventoryFile, ReportsEveryBadLineWithPosition) {
  std::string path = write("bad.jsonl",
                           R"({"id":"a","type":"t"})" "\n"
                           R"({"id":"b","type":})" "\n"
                           "# fine\n"
                           R"({"id":"c"})" "\n"
                           R"({"id":"a","type":"t2"})" "\n"
                           R"({"id":"d","type":"t","tags":{"k":1}})" "\n");
  Result<Inventory> r = Inventory::load_jsonl(path);
  ASSERT_FALSE(r.ok());
  const std::string& m = r.error().message;
  EXPECT_NE(m.find(path + ":2:18: invalid JSON"), std::string::npos) << m;
  EXPECT_NE(m.find(path + ":4:1: missing required field \"type\""), std::string::npos) << m;
  EXPECT_NE(m.find(path + ":5:1: duplicate asset id \"a\" (first defined at " + path + ":1)"), std::string::npos) << m;
  EXPECT_NE(m.find(path + ":6:34: tags[\"k\"] must be a string"), std::string::npos) << m;
  EXPECT_NE(m.find("4 bad line(s)"), std::string::npos) << m;
  EXPECT_EQ(r.error().file, path);
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().column, 18);
}

TEST_F(InventoryFile, MissingFileIsAnError) {
  Result<Inventory> r = Inventory::load_jsonl((dir_ / "absent.jsonl").string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cannot open inventory"), std::string::npos);
}

TEST_F(InventoryFile, EmptyFileIsAnEmptyInventory) {
  Result<Inventory> r = Inventory::load_jsonl(write("empty.jsonl", ""));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 0u);
}

// Enough lines to cross the loader's parallel path and to need many blocks
// of parsing work; order and indexes must be exactly the file's.
TEST_F(InventoryFile, ManyLinesKeepFileOrder) {
  std::string content;
  for (int i = 0; i < 20000; ++i)
    content += R"({"id":"asset-)" + std::to_string(i) + R"(","type":"t)" + std::to_string(i % 3) +
               R"(","account":"a)" + std::to_string(i % 7) + R"(","config":{"Index":)" + std::to_string(i) + "}}\n";
  Result<Inventory> r = Inventory::load_jsonl(write("many.jsonl", content));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 20000u);
  for (size_t i = 0; i < r->size(); i += 997)
    EXPECT_EQ(r->at(i).doc.root().find("config").find("Index").as_int(), static_cast<int64_t>(i));
  EXPECT_EQ(r->of_type("t1").size(), 6667u);
  EXPECT_EQ(r->source_bytes(), content.size() - 20000);  // minus the newlines
  // The compact layout's budget: documents within 2x their JSON text.
  EXPECT_LE(r->memory_bytes(), 2 * r->source_bytes());
}

// A line nested past any parser's depth (the [Hardening] reproducer's shape)
// is that line's error with its position; the good lines around it are not
// lost silently: the load fails as a whole, naming the line.
TEST_F(InventoryFile, HostileNestingIsABadLineNotACrash) {
  std::string deep = R"({"id":"x","type":"aws.ec2.instance","config":{"Reservations":)" +
                     std::string(300000, '[') + "\n";
  std::string text = std::string(R"({"id":"a","type":"aws.account","account":"1"})") + "\n" + deep;
  Result<Inventory> r = Inventory::load_jsonl(write("deep.jsonl", text));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 2);
  EXPECT_NE(r.error().message.find("deep.jsonl:2:"), std::string::npos)
      << r.error().message.substr(0, 300);
}

}  // namespace
}  // namespace vigil
