// GET /api/v1/scans/events: the running scan's progress as Server-Sent
// Events (text/event-stream), from the scheduler's ProgressBoard.
//
// A stream follows one run: when a scan is running it sends an event per
// change (at most ten a second) until the run ends, then closes; when none
// is running it sends the current state and closes. `retry: 5000` tells a
// browser's EventSource to reconnect five seconds later, so a dashboard
// left open sees the next run start within five seconds. Comments keep an
// idle connection alive through proxies.
#include <fmt/format.h>

#include <thread>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"

namespace vigil::api {

namespace {

constexpr auto kKeepAlive = std::chrono::seconds(15);
constexpr auto kMinInterval = std::chrono::milliseconds(100);

std::string event_text(const pipeline::ProgressSnapshot& s) {
  std::string_view kind = s.running ? "progress" : s.outcome.empty() ? "idle" : "ended";
  json data = {{"sequence", s.sequence},
               {"running", s.running},
               {"source", s.source},
               {"stage", s.stage ? json(pipeline::to_string(*s.stage)) : json(nullptr)},
               {"done", s.done},
               {"total", s.total},
               {"line", s.line},
               {"outcome", s.outcome}};
  return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", s.sequence, kind,
                     data.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

void stream_scan_events(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                        const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  if (!context.progress)
    return send_error(res, 503, "unavailable", "no scheduler runs in this process");
  const pipeline::ProgressBoard* board = context.progress;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");  // proxies: do not hold events back
  // Past the limit, the stream sends the current state and closes.
  bool follow =
      !context.event_streams || context.event_streams->fetch_add(1) < context.max_event_streams;
  if (!follow) context.event_streams->fetch_sub(1);
  struct State {
    bool opened = false, ending = false;
    uint64_t last = 0;
  };
  auto streams = follow ? context.event_streams : nullptr;
  res.set_chunked_content_provider(
      "text/event-stream",
      [board, follow, state = State{}](size_t, httplib::DataSink& sink) mutable {
        if (state.ending) {
          sink.done();
          return true;
        }
        pipeline::ProgressSnapshot s;
        if (!state.opened) {
          s = board->snapshot();
          std::string hello = "retry: 5000\n\n";
          if (!sink.write(hello.data(), hello.size())) return false;
          state.opened = true;
        } else {
          std::this_thread::sleep_for(kMinInterval);
          s = board->wait_after(state.last, kKeepAlive);
          if (s.sequence == state.last && !s.closed) {
            static constexpr std::string_view kComment = ": waiting\n\n";
            return sink.write(kComment.data(), kComment.size());
          }
        }
        state.last = s.sequence;
        std::string text = event_text(s);
        if (!sink.write(text.data(), text.size())) return false;
        state.ending = !follow || !s.running || s.closed;
        return true;
      },
      [streams](bool) {
        if (streams) streams->fetch_sub(1);
      });
}

}  // namespace vigil::api
