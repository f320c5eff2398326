// What a caller sees of a pipeline run while it happens: progress within
// each stage and a summary when a stage ends. `vigil scan` prints them
// (progress on a terminal, summaries on stderr), `vigil serve` logs the
// summaries, and the API will stream both as Server-Sent Events.
//
// Contract: progress() may be called from worker threads, concurrently and
// often (every folder read, every collection step): an observer throttles
// and synchronises as it needs. finished() is called once per stage that
// ran, on the caller's thread, after the stage's last progress().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil::pipeline {

enum class Stage { Collect, Read, Assess, Record };
std::string_view to_string(Stage stage);  // "collect", "read", "assess", "record"

struct Progress {
  Stage stage = Stage::Read;
  size_t done = 0,
         total = 0;  // units of the stage: folders read, account x region scopes collected
  std::string line;  // for people: "reading capture: 12/40 folders"
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void progress(const Progress& progress) { (void)progress; }
  // `text`: the stage's summary for people, one or more lines each ending in '\n'.
  virtual void finished(Stage stage, std::string_view text) {
    (void)stage;
    (void)text;
  }
};

// An observer that ignores everything.
Observer& no_observer();

}  // namespace vigil::pipeline
