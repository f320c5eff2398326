// kill -9 during `vigil scan --db`: a real process over a large generated
// inventory, SIGKILLed at several points (right after start, after some
// time, while the WAL grows). After each kill the store opens, the tracked
// state is exactly the previous scan's (or, if the scan got to commit, the
// new one's: never a mix), and the next scan completes normally with the
// same result as in a store that was never interrupted.
#include <chrono>
#include <thread>

#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

constexpr int kAssets = 20000;

// Buckets b-0..: in generation `gen`, bucket i has versioning enabled when
// (i + gen) % 3 == 0, a tag that changes with gen for every 5th bucket, and
// gen 2 drops every 50th bucket and adds 500 new ones.
std::string inventory(int gen) {
  std::string out;
  out.reserve(kAssets * 260);
  int extra = gen == 2 ? 500 : 0;
  for (int i = 0; i < kAssets + extra; ++i) {
    if (gen == 2 && i < kAssets && i % 50 == 0) continue;
    std::string name = "b-" + std::to_string(i);
    std::string account = i % 2 ? "111111111111" : "222222222222";
    std::string versioning = (i + gen) % 3 == 0 ? "{\"Status\":\"Enabled\"}" : "{}";
    std::string tag = i % 5 == 0 ? std::to_string(gen) : "0";
    out += "{\"id\":\"arn:aws:s3:::" + name + "\",\"type\":\"aws.s3.bucket\",\"account\":\"" + account +
           "\",\"region\":\"us-east-1\",\"name\":\"" + name + "\",\"tags\":{\"rev\":\"" + tag +
           "\"},\"config\":{\"Name\":\"" + name + "\",\"BucketVersioning\":" + versioning + "}}\n";
  }
  return out;
}

uintmax_t size_of(const fs::path& p) {
  std::error_code ec;
  uintmax_t n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

class TrackerKill : public TrackerCli {
 protected:
  std::vector<std::string> scan_args(const fs::path& input, const std::string& now, const std::string& db) {
    return {"scan", "--inventory", input.string(), "--policies", std::string(VIGIL_SOURCE_DIR) + "/policies/aws",
            "--now", now, "--format", "csv", "--threads", "2", "--db", db};
  }
  std::string state(const std::string& db) {
    Outcome r = vigil("violations list --format csv --db '" + db + "'");
    EXPECT_EQ(r.code, 0) << r.err;
    return r.out;
  }
};

TEST_F(TrackerKill, KilledScansLeaveThePreviousStateAndTheNextScanCompletes) {
  fs::path gen1 = write("gen1.jsonl", inventory(1)), gen2 = write("gen2.jsonl", inventory(2));
  const std::string t1 = "2026-11-20T10:00:00Z", t2 = "2026-11-21T10:00:00Z";

  // Reference: the two scans in a store never interrupted.
  std::string ref = (dir_ / "reference.db").string();
  ASSERT_EQ(wait(start(scan_args(gen1, t1, ref), "ref1")), 0) << log("ref1");
  std::string state1 = state(ref);
  ASSERT_EQ(wait(start(scan_args(gen2, t2, ref), "ref2")), 0) << log("ref2");
  std::string state2 = state(ref);
  ASSERT_NE(state1, state2);
  ASSERT_GT(std::count(state1.begin(), state1.end(), '\n'), kAssets / 2);

  // The store under test: scan 1 completes, then scan 2 is killed again and again.
  ASSERT_EQ(wait(start(scan_args(gen1, t1, db_), "first")), 0) << log("first");
  ASSERT_EQ(state(db_), state1);

  struct KillPoint {
    const char* name;
    int after_ms;            // kill after this long...
    uintmax_t wal_growth;    // ...or once the WAL grew by this many bytes (0: time only)
  };
  // Until the assessment is done nothing is written; the WAL points hit the
  // reconcile transaction at different depths.
  const KillPoint points[] = {
      {"right after start", 0, 0},
      {"after 300 ms", 300, 0},
      {"once the WAL grew 16 KiB", 600000, 16 * 1024},
      {"once the WAL grew 512 KiB", 600000, 512 * 1024},
      {"once the WAL grew 2 MiB", 600000, 2 * 1024 * 1024},
  };
  fs::path wal = db_ + "-wal";
  size_t killed = 0;
  for (const KillPoint& p : points) {
    uintmax_t wal_before = size_of(wal);
    pid_t pid = start(scan_args(gen2, t2, db_), "killed");
    bool exited = false;
    int code = 0;
    for (int waited = 0; waited < p.after_ms; waited += 5) {
      if (p.wal_growth && size_of(wal) >= wal_before + p.wal_growth) break;
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        children_.erase(std::remove(children_.begin(), children_.end(), pid), children_.end());
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      code = wait(pid);
    }
    // The store opens and holds one consistent state: the previous scan's, or
    // (when the scan committed before the kill) the new one's.
    Outcome scans = vigil("scans list --format json --db '" + db_ + "'");
    ASSERT_EQ(scans.code, 0) << p.name << ": " << scans.err;
    std::string now_state = state(db_);
    if (now_state == state2) {
      std::cout << "[ kill ] " << p.name << ": the scan had committed (exit " << code << "); later kill points skipped\n";
      break;
    }
    ASSERT_EQ(now_state, state1) << "after a kill " << p.name << " the previous state is not intact";
    ++killed;
    std::cout << "[ kill ] " << p.name << ": killed (status " << code << "), previous state intact\n";
  }
  EXPECT_GE(killed, 1u) << "no kill point hit a running scan";

  // The next scan completes normally, with the result of an uninterrupted store.
  ASSERT_EQ(wait(start(scan_args(gen2, t2, db_), "final")), 0) << log("final");
  EXPECT_NE(log("final").find("recorded as scan"), std::string::npos) << log("final");
  EXPECT_EQ(state(db_), state2);
  nlohmann::json scans = json_of("scans list --limit 100 --db '" + db_ + "'");
  ASSERT_GE(scans.size(), 2u);
  EXPECT_EQ(scans[0]["state"], "completed");
  size_t interrupted = 0;
  for (const auto& s : scans) interrupted += s["state"] == "interrupted" ? 1 : 0;
  for (const auto& s : scans) EXPECT_NE(s["state"], "running") << s.dump();
  std::cout << "[ kill ] " << killed << " kills, " << interrupted << " scans marked interrupted\n";
}

}  // namespace
}  // namespace vigil::testing
