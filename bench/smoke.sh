#!/usr/bin/env bash
# The benchmarks' smoke run (ctest `bench_smoke`): every bench/ program once
# at its smallest useful size, to prove it still builds, runs and that its
# own agreement checks pass (vigil-bench exits 3 when Vigil and the SQLite
# baseline disagree on a check; vigil-ingest-bench, vigil-tracker-bench and
# the others exit non-zero when a step fails). Nothing is timed or compared
# against a number here: the timings are for `bash bench/run.sh`.
# api_bench.sh is not run: it builds its own tree and drives wrk for
# seconds per route (the API's routes have their own tests).
#   bash bench/smoke.sh BIN_DIR
set -euo pipefail
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run() {
  local name="$1"; shift
  echo "== $name $*"
  if ! "$bin/$name" "$@" >"$work/out.txt" 2>&1; then
    cat "$work/out.txt"
    echo "FAILED: $name $*" >&2
    exit 1
  fi
  tail -n 3 "$work/out.txt"
}

run vigil-bench-generate --assets 200 --out "$work/inventory.jsonl"
run vigil-bench-generate --assets 200 --capture "$work/capture"
run vigil-bench --assets 2000 --runs 1 --threads 2 --data-dir "$work/assess"
run vigil-ingest-bench --capture "$work/capture" --threads 1 --repeat 1
run vigil-store-bench --assets 2000 --policies 5 --dir "$work/store"
run vigil-tracker-bench --assets 2000 --threads 2 --data-dir "$work/tracker" --db "$work/tracker.db"
run vigil-aws-client-bench --latency-ms 1 --calls 40 --concurrency 1,4 --throttle-rate 200 \
  --throttle-calls 40 --throttle-workers 4
run vigil-access-bench --documents 200 --rounds 1
run vigil-core-bench --ids 2000 --runs 1
run vigil-report-bench --findings 2000 --runs 1
echo "== all benchmark programs ran"
