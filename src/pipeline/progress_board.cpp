// See progress_board.h.
#include "pipeline/progress_board.h"

namespace vigil::pipeline {

template <typename Change>
void ProgressBoard::change(Change&& apply) {
  {
    std::lock_guard lock(mutex_);
    apply(now_);
    ++now_.sequence;
  }
  changed_.notify_all();
}

void ProgressBoard::run_started(const std::string& source) {
  change([&](ProgressSnapshot& s) {
    s.running = true;
    s.source = source;
    s.stage.reset();
    s.done = s.total = 0;
    s.line = "scan of " + source + " started";
    s.outcome.clear();
  });
}

void ProgressBoard::run_ended(const std::string& outcome) {
  change([&](ProgressSnapshot& s) {
    s.running = false;
    s.outcome = outcome;
    s.line = "scan of " + s.source + " " + outcome;
  });
}

void ProgressBoard::progress(const Progress& p) {
  change([&](ProgressSnapshot& s) {
    s.stage = p.stage;
    s.done = p.done;
    s.total = p.total;
    s.line = p.line;
  });
}

void ProgressBoard::finished(Stage stage, std::string_view text) {
  change([&](ProgressSnapshot& s) {
    // A stage that reported progress ends with all of it done; one that
    // did not (assess, record) reports no counts.
    if (s.stage == stage)
      s.done = s.total;
    else
      s.done = s.total = 0;
    s.stage = stage;
    std::string_view first = text.substr(0, text.find('\n'));
    s.line.assign(first);
  });
}

void ProgressBoard::close() {
  change([](ProgressSnapshot& s) { s.closed = true; });
}

ProgressSnapshot ProgressBoard::snapshot() const {
  std::lock_guard lock(mutex_);
  return now_;
}

ProgressSnapshot ProgressBoard::wait_after(uint64_t sequence,
                                           std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return now_.sequence > sequence || now_.closed; });
  return now_;
}

}  // namespace vigil::pipeline
