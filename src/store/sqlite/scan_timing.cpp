// SqliteStore::finish_scan_timing: a scan's real end and final step timings,
// written after its changes committed (store.h).
#include <fmt/format.h>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

Status SqliteStore::finish_scan_timing(int64_t scan_id, Time finished,
                                       const nlohmann::json& timings) {
  return guard_status("finish_scan_timing", [&] {
    Transaction tx(*db_);
    {
      auto q = db_->query("SELECT state FROM scans WHERE id = ?1");
      q.bind(1, scan_id);
      if (!q.step()) throw SqliteError(fmt::format("no scan with id {}", scan_id));
      if (q.text(0) == "running")
        throw SqliteError(fmt::format(
            "scan {} is still running; record its changes (apply_scan) or failure first", scan_id));
    }
    db_->query("UPDATE scans SET finished = ?2, timings = ?3 WHERE id = ?1")
        .bind(1, scan_id)
        .bind(2, to_ms(finished))
        .bind(3, json_text(timings))
        .run();
    tx.commit();
  });
}

}  // namespace vigil::store::sqlite
