// The compliance summary's rows, kept between requests while no scan is
// begun or recorded (GET /api/v1/summary reads six dimensions of score
// snapshots: ~500 rows and a 34 KB answer at 1M assets, asked by every
// dashboard landing).
//
// Contract
// - Score snapshots are written only when a scan is recorded, so a snapshot
//   read after the store's ScanStamp (store.h newest_scan_stamp) was read
//   is current until that stamp changes. keep() and find() take the stamp
//   read *before* the rows: a snapshot is never older than its stamp.
// - Snapshots are kept per ?day= text ("" = the latest scored day), at
//   most kMaxDays of them (more clears the cache: the parameter is the
//   client's text); a new stamp drops them all. Thread-safe.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace vigil::api {

// The dimensions of the summary, in the answer's order.
inline constexpr std::array<const char*, 6> kSummaryDimensions = {"overall",  "account",  "group",
                                                                  "category", "severity", "policy"};

struct SummarySnapshot {
  std::string day;  // "" when nothing was scanned yet
  std::array<std::vector<store::ScoreRow>, kSummaryDimensions.size()> rows;
  std::string whole_estate_answer;  // the JSON an unrestricted caller gets
};

class SummaryCache {
 public:
  static constexpr size_t kMaxDays = 64;

  std::shared_ptr<const SummarySnapshot> find(const std::string& day_parameter,
                                              const store::ScanStamp& stamp);
  void keep(const std::string& day_parameter, const store::ScanStamp& stamp,
            std::shared_ptr<const SummarySnapshot> snapshot);

 private:
  std::mutex mutex_;
  store::ScanStamp stamp_;
  std::map<std::string, std::shared_ptr<const SummarySnapshot>> by_day_;  // all made at stamp_
};

}  // namespace vigil::api
