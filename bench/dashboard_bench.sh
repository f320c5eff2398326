#!/usr/bin/env bash
# Every dashboard page's first content against the 1M-asset store, in Chromium
# (docs/performance.md, "Dashboard"), in one command:
#   bash bench/dashboard_bench.sh [--assets N] [--runs R] [--pages NAME,...]
# Uses (or makes once, as bench/api_bench.sh does, kept in $VIGIL_BENCH_DATA)
# the tracker benchmark's store of N assets, copied (the copy is what serve
# writes to: its user, sessions, audit; removed at the end), starts `vigil
# serve` on the copy with the bench's policies and api_bench's source "bench"
# (already scanned, every 24 h: no scan runs unless that one is due; the
# script says whether one ran), makes a user for the browser, and runs
# web/tests/page_timings.mjs: per page, the median and worst first
# contentful paint and time to the page's data over R loads.
# Needs Debian's chromium and web/node_modules (scripts/install-deps.sh).
# VIGIL_BENCH_BUILD names an existing Release build directory to use as is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VIGIL_BENCH_BUILD:-$root/build-bench}"
assets=1000000 runs=3 pages=""
while (($#)); do
  case "$1" in
    --assets) assets="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --pages) pages="$2"; shift 2 ;;
    *) echo "usage: $0 [--assets N] [--runs R] [--pages NAME,...]" >&2; exit 2 ;;
  esac
done
for tool in node curl; do command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-deps.sh)" >&2; exit 1; }; done
data="${VIGIL_BENCH_DATA:-/tmp/vigil-bench}"
mkdir -p "$data"
if [ -z "${VIGIL_BENCH_BUILD:-}" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_TESTS=OFF -DVIGIL_BUILD_BENCH=ON >/dev/null
fi
store="$data/api-$assets.db"
inventory="$data/inventory-$assets-seed1-shape2.jsonl"  # vigil-tracker-bench's default seed
if [ ! -f "$store" ]; then
  ninja -C "$build" -j"$(nproc)" vigil vigil-tracker-bench >/dev/null
  echo "== making a store of $assets assets (once)"
  "$build/bin/vigil-tracker-bench" --assets "$assets" --data-dir "$data" --db "$store" --step first
else
  ninja -C "$build" -j"$(nproc)" vigil >/dev/null
fi
work="$(mktemp -d)"
serve=""
trap '[ -n "$serve" ] && { kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; }; rm -rf "$work"' EXIT
cp "$store" "$work/store.db"
cat >"$work/vigil.yaml" <<YAML
store: $work/store.db
sources:
  - name: bench
    kind: inventory
    path: $inventory
    cadence: {interval: 24h}
policies:
  paths: [$root/bench/policies]
YAML
password="the dashboard bench's password"
"$build/bin/vigil" users remove dashboard-bench --db "$work/store.db" >/dev/null 2>&1 || true
echo "$password" | "$build/bin/vigil" users add dashboard-bench --role admin --password-stdin --db "$work/store.db" >/dev/null
"$build/bin/vigil" serve --config "$work/vigil.yaml" --listen 127.0.0.1:0 2>"$work/serve.log" &
serve=$!
port=""
for _ in $(seq 600); do
  port="$(sed -n 's#.*API on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
# The search index is built by serve at start (once per store): measure after it.
until grep -q "search index: " "$work/serve.log"; do sleep 0.5; done
echo "store: $store ($(du -h "$store" | cut -f1)), $(nproc) cores"
status=0
node "$root/web/tests/page_timings.mjs" --url "http://127.0.0.1:$port" --user dashboard-bench \
  --password "$password" --runs "$runs" ${pages:+--pages "$pages"} --out "${VIGIL_BENCH_SCREENSHOTS:-$work/screenshots}" || status=$?
grep -q "scan of bench" "$work/serve.log" && echo "note: a scan of source bench ran during the measurement" \
  || echo "no scan ran during the measurement"
exit "$status"
