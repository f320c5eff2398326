// Asset content encodings of the SQLite store (codec.h): zstd with a
// dictionary trained by the first large scan by default, zlib and plain text
// still written on request, and every encoding read back by history and
// inventory diff whatever the store's setting; damaged or unknown encodings
// are errors, not crashes; a store created at schema 1 upgrades and keeps its
// old rows readable.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "store/sqlite/codec.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_data.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;
using sqlite::ContentEncoding;
using sqlite::SqliteOptions;

class ContentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = fs::temp_directory_path() /
           ("vigil-content-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "vigil.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // One scan at `t_ms` writing `versions` with `options`.
  void write(const std::vector<AssetVersionWrite>& versions, int64_t t_ms,
             SqliteOptions options = {}) {
    auto store = sqlite::SqliteStore::open(path_, options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ScanRecord r;
    r.started = at_ms(t_ms);
    ScanChanges c;
    c.scan_id = (*store)->begin_scan(r).value();
    c.finished = at_ms(t_ms + 1);
    c.asset_versions = versions;
    Status s = (*store)->apply_scan(c);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  // (encoding, stored bytes) of every version row of `uid`, oldest first.
  std::vector<std::pair<int64_t, int64_t>> stored(const std::string& uid) {
    auto store = sqlite::SqliteStore::open(path_);
    std::vector<std::pair<int64_t, int64_t>> out;
    auto q = (*store)->database().query(
        "SELECT v.encoding, length(v.content) FROM asset_versions v JOIN assets a ON a.id = "
        "v.asset WHERE a.uid = ?1 ORDER BY v.id");
    q.bind(1, uid);
    while (q.step()) out.emplace_back(q.int64(0), q.int64(1));
    return out;
  }

  fs::path dir_;
  std::string path_;
};

// A few KiB of asset-like JSON, different per `n`.
AssetVersionWrite big(const std::string& id, uint64_t n) {
  AssetVersionWrite w = asset(id, n);
  w.content = R"({"id":")" + id + R"(","rules":[)";
  for (int i = 0; i < 60; ++i)
    w.content += R"({"IpProtocol":"tcp","FromPort":)" + std::to_string(i + n) +
                 R"(,"IpRanges":[{"CidrIp":"10.0.)" + std::to_string(i) + R"(.0/24"}]},)";
  w.content += "{}]}";
  return w;
}

TEST(ContentCodec, EachCodecRoundTripsAndFallsBackToTextWhenItDoesNotHelp) {
  std::string text = big("a", 7).content, out;
  for (ContentEncoding codec : {ContentEncoding::Zstd, ContentEncoding::Zlib}) {
    EXPECT_EQ(sqlite::encode_content(text, codec, out), codec);
    EXPECT_LT(out.size(), text.size() / 3);
    EXPECT_EQ(sqlite::decode_content(out, codec), text);
  }
  EXPECT_EQ(sqlite::encode_content(text, ContentEncoding::Raw, out), ContentEncoding::Raw);
  EXPECT_EQ(out, text);
  // Short content is not worth a frame; incompressible content stays text.
  EXPECT_EQ(sqlite::encode_content(R"({"a":1})", ContentEncoding::Zstd, out), ContentEncoding::Raw);
  EXPECT_EQ(out, R"({"a":1})");
  std::string noise;
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 4000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    noise += static_cast<char>(x & 0xff);
  }
  EXPECT_EQ(sqlite::encode_content(noise, ContentEncoding::Zstd, out), ContentEncoding::Raw);
  EXPECT_EQ(out, noise);
}

TEST(ContentCodec, DamagedOrUnknownColumnsAreErrorsNamingTheProblem) {
  std::string text = big("a", 1).content, out;
  ASSERT_EQ(sqlite::encode_content(text, ContentEncoding::Zstd, out), ContentEncoding::Zstd);
  std::string cut = out.substr(0, out.size() / 2);
  try {
    sqlite::decode_content(cut, ContentEncoding::Zstd);
    ADD_FAILURE() << "a truncated zstd column decoded";
  } catch (const sqlite::SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("zstd"), std::string::npos) << e.what();
  }
  try {
    sqlite::decode_content(out, static_cast<ContentEncoding>(9));
    ADD_FAILURE() << "encoding 9 decoded";
  } catch (const sqlite::SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown encoding 9"), std::string::npos) << e.what();
  }
}

// `n` versions of distinct big documents "<prefix>0".."<prefix>n-1".
std::vector<AssetVersionWrite> many(const std::string& prefix, int n, uint64_t salt = 0) {
  std::vector<AssetVersionWrite> out;
  for (int i = 0; i < n; ++i) out.push_back(big(prefix + std::to_string(i), i * 7 + salt));
  return out;
}

constexpr int kSamples = 300;  // SqliteOptions::dictionary_samples in these tests

SqliteOptions small_sample() {
  SqliteOptions o;
  o.dictionary_samples = kSamples;
  return o;
}

TEST_F(ContentTest, AScanWithoutADictionaryTrainsOneAndWritesEveryVersionWithIt) {
  std::vector<AssetVersionWrite> first = many("a", kSamples + 50);
  write(first, kT0, small_sample());
  {
    auto store = sqlite::SqliteStore::open(path_);
    auto q = (*store)->database().query("SELECT count(*), min(samples) FROM content_dictionaries");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), 1);
    EXPECT_EQ(q.int64(1), kSamples);
  }
  // The held-back samples and the rest alike: zstd with the dictionary.
  for (const std::string& id : {std::string("a0"), std::string("a299"), std::string("a349")}) {
    auto rows = stored(id);
    ASSERT_EQ(rows.size(), 1u) << id;
    EXPECT_EQ(rows[0].first, 2) << id;
    EXPECT_LT(rows[0].second, static_cast<int64_t>(big(id, 0).content.size()) / 4) << id;
  }
  // A later scan reuses it (no second dictionary), even a small one.
  write({big("a0", 1000), big("late", 5)}, kT0 + 10, small_sample());
  EXPECT_EQ(stored("late").at(0).first, 2);
  auto store = sqlite::SqliteStore::open(path_);  // a fresh reader: loads the dictionary
  auto q = (*store)->database().query("SELECT count(*) FROM content_dictionaries");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 1);
  for (int i : {0, 123, kSamples + 49}) {
    auto history = (*store)->asset_history("a" + std::to_string(i));
    ASSERT_TRUE(history.ok()) << history.error().message;
    EXPECT_EQ(history->front().content, first[i].content);
  }
  AssetDeltaFilter f;
  f.from = at_ms(kT0 + 5);
  f.to = at_ms(kT0 + 15);
  auto deltas = (*store)->asset_deltas(f);
  ASSERT_TRUE(deltas.ok()) << deltas.error().message;
  ASSERT_EQ(deltas->size(), 2u);  // a0 changed, late created
  EXPECT_EQ((*deltas)[0].before->content, first[0].content);
  EXPECT_EQ((*deltas)[0].after->content, big("a0", 1000).content);
}

TEST_F(ContentTest, ASmallScanWithoutADictionaryWritesText) {
  write(many("s", 10), kT0, small_sample());
  EXPECT_EQ(stored("s3").at(0).first, 0);
  auto store = sqlite::SqliteStore::open(path_);
  auto q = (*store)->database().query("SELECT count(*) FROM content_dictionaries");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 0);
  EXPECT_EQ((*store)->asset_history("s3")->at(0).content, big("s3", 21).content);
}

TEST_F(ContentTest, ADictionaryTrainedByARolledBackScanIsNotUsedAfterwards) {
  auto opened = sqlite::SqliteStore::open(path_, small_sample());
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  ScanRecord r;
  r.started = at_ms(kT0);
  ScanChanges c;
  c.scan_id = store.begin_scan(r).value();
  c.asset_versions = many("a", kSamples + 10);
  c.new_violations = {violation("p1", c.asset_versions[0])};
  c.new_violations[0].exception_id = 4040;  // no such exception: the scan rolls back
  ASSERT_FALSE(store.apply_scan(c).ok());
  // Same store object, other documents: the dictionary must be trained anew.
  c.asset_versions = many("b", kSamples + 10, 99);
  c.new_violations.clear();
  Status s = store.apply_scan(c);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto fresh = sqlite::SqliteStore::open(path_);
  auto history = (*fresh)->asset_history("b5");
  ASSERT_TRUE(history.ok()) << history.error().message;
  EXPECT_EQ(history->at(0).content, big("b5", 5 * 7 + 99).content);
  EXPECT_EQ(stored("b5").at(0).first, 2);
}

TEST_F(ContentTest, EveryEncodingWrittenOverTimeReadsBack) {
  SqliteOptions zlib, plain, legacy;
  zlib.compression = SqliteOptions::Compression::Zlib;
  plain.compression = SqliteOptions::Compression::None;
  legacy.compression = SqliteOptions::Compression::Zlib;  // zlib again, after zstd
  AssetVersionWrite v1 = big("a", 1), v2 = big("a", 2), v4 = big("a", 4);
  write({v1}, kT0, plain);
  write({v2}, kT0 + 10, zlib);
  std::vector<AssetVersionWrite> third = many("x", kSamples);
  AssetVersionWrite v3 = big("a", 3);
  third.push_back(v3);
  write(third, kT0 + 20, small_sample());  // zstd with a dictionary
  write({v4}, kT0 + 30, legacy);
  auto rows = stored("a");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].first, 0);
  EXPECT_EQ(rows[1].first, 1);
  EXPECT_EQ(rows[2].first, 2);
  EXPECT_EQ(rows[3].first, 1);

  auto store = sqlite::SqliteStore::open(path_, plain);
  ASSERT_TRUE(store.ok());
  auto history = (*store)->asset_history("a");
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[0].content, v1.content);
  EXPECT_EQ((*history)[1].content, v2.content);
  EXPECT_EQ((*history)[2].content, v3.content);
  EXPECT_EQ((*history)[3].content, v4.content);
}

TEST_F(ContentTest, AnUnknownEncodingOnDiskIsAnErrorFromTheRead) {
  write({big("a", 1)}, kT0);
  auto store = sqlite::SqliteStore::open(path_);
  ASSERT_TRUE(store.ok());
  (*store)->database().exec("UPDATE asset_versions SET encoding = 9");
  auto history = (*store)->asset_history("a");
  ASSERT_FALSE(history.ok());
  EXPECT_NE(history.error().message.find("unknown encoding 9"), std::string::npos)
      << history.error().message;
}

TEST_F(ContentTest, AStoreAtSchemaOneUpgradesAndKeepsItsRowsReadable) {
  AssetVersionWrite old_plain = big("p", 1), old_zlib = big("z", 2), fresh = big("p", 3);
  {
    // Schema 1 exactly as a released vigil created it, with rows it wrote.
    sqlite::Database db(path_);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(std::string(sqlite::migrations()[0].sql).c_str());
    db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT "
        "NULL, description TEXT NOT NULL);"
        "INSERT INTO schema_migrations VALUES (1, 0, 'schema 1'); PRAGMA user_version = 1;"
        "INSERT INTO scans(id, source, started, state) VALUES (1, 'old', 1790000000000, "
        "'completed');"
        "INSERT INTO assets(id, uid, type, account, region, first_seen, version, hash) VALUES "
        "(1, 'p', 'aws.s3.bucket', '111', 'us-east-1', 1790000000000, 1, 1), "
        "(2, 'z', 'aws.s3.bucket', '111', 'us-east-1', 1790000000000, 1, 2);");
    std::string zlib;
    ASSERT_EQ(sqlite::encode_content(old_zlib.content, ContentEncoding::Zlib, zlib),
              ContentEncoding::Zlib);
    auto insert = db.query(
        "INSERT INTO asset_versions(asset, version, valid_from, scan_id, hash, encoding, "
        "content) VALUES (?1, 1, 1790000000000, 1, ?2, ?3, ?4)");
    insert.bind(1, int64_t{1}).bind(2, int64_t{1}).bind(3, int64_t{0});
    insert.bind(4, std::string_view(old_plain.content)).run();
    insert.reset();
    insert.bind(1, int64_t{2}).bind(2, int64_t{2}).bind(3, int64_t{1}).bind_blob(4, zlib).run();
  }
  std::vector<AssetVersionWrite> scan = many("n", kSamples);
  scan.push_back(fresh);
  write(scan, kT0 + 1000, small_sample());  // opens (migrates) and writes zstd
  auto store = sqlite::SqliteStore::open(path_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto q = (*store)->database().query("SELECT max(version) FROM schema_migrations");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), sqlite::latest_schema_version());
  auto p = (*store)->asset_history("p");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[0].content, old_plain.content);
  EXPECT_EQ((*p)[1].content, fresh.content);
  auto z = (*store)->asset_history("z");
  ASSERT_TRUE(z.ok()) << z.error().message;
  ASSERT_EQ(z->size(), 1u);
  EXPECT_EQ((*z)[0].content, old_zlib.content);
  EXPECT_EQ(stored("p").back().first, 2);
}

}  // namespace
}  // namespace vigil::store::testing
