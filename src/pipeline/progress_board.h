// The progress of the scan that is running now, for readers on other
// threads: `vigil serve`'s scheduler reports each run to it (run_started,
// the pipeline's Observer calls, run_ended) and the API streams it as
// Server-Sent Events (GET /api/v1/scans/events).
//
// Contract: every method is thread-safe. Each change increments the
// snapshot's `sequence`; wait_after() returns as soon as the sequence
// passes the one a reader last saw, or when the timeout passes (then with
// the same sequence), or when close() was called (`closed` set).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "pipeline/observer.h"

namespace vigil::pipeline {

struct ProgressSnapshot {
  uint64_t sequence = 0;       // 0: nothing has happened yet
  bool running = false;        // a run is in progress
  bool closed = false;         // the board closed: the process is stopping
  std::string source;          // of the running or last run
  std::optional<Stage> stage;  // the stage in progress or last finished
  size_t done = 0, total = 0;
  std::string line;     // the latest progress or stage summary, for people
  std::string outcome;  // when a run ended: "completed" or "failed: ..."
};

class ProgressBoard : public Observer {
 public:
  void run_started(const std::string& source);
  void run_ended(const std::string& outcome);
  void progress(const Progress& progress) override;
  void finished(Stage stage, std::string_view text) override;
  // Wakes every waiting reader for good.
  void close();

  ProgressSnapshot snapshot() const;
  ProgressSnapshot wait_after(uint64_t sequence, std::chrono::milliseconds timeout) const;

 private:
  template <typename Change>
  void change(Change&& apply);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  ProgressSnapshot now_;
};

}  // namespace vigil::pipeline
