#!/usr/bin/env bash
# API latency and throughput under load (docs/performance.md, "API"), in one command:
#   bash bench/api_bench.sh [--assets N] [--duration SECONDS] [--connections C]
# Builds Release in build-bench/, makes (once, kept in $VIGIL_BENCH_DATA) the
# tracker benchmark's store of N assets (vigil-tracker-bench --step first:
# ~1.7 violations per asset), starts `vigil serve` on it with that inventory
# as its source "bench" (so a rescan of all N assets runs while wrk
# measures), makes an admin and a viewer token, and runs wrk on each route.
# The baseline, measured in the same run, is /healthz (no store, no auth):
# each route's p99 is also printed as a ratio of it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VIGIL_BENCH_BUILD:-$root/build-bench}"  # an existing Release build dir may be named
assets=1000000 duration=15 connections=16
while (($#)); do
  case "$1" in
    --assets) assets="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    *) echo "usage: $0 [--assets N] [--duration SECONDS] [--connections C]" >&2; exit 2 ;;
  esac
done
for tool in wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-deps.sh)" >&2; exit 1; }; done
data="${VIGIL_BENCH_DATA:-/tmp/vigil-bench}"
mkdir -p "$data"
# A named build dir is used as configured (it must be Release with benchmarks
# on); the default one is configured here without tests.
if [ -z "${VIGIL_BENCH_BUILD:-}" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_TESTS=OFF -DVIGIL_BUILD_BENCH=ON >/dev/null
fi
ninja -C "$build" -j"$(nproc)" vigil vigil-tracker-bench >/dev/null

store="$data/api-$assets.db"
inventory="$data/inventory-$assets-seed1-shape2.jsonl"  # vigil-tracker-bench's default seed
if [ ! -f "$store" ]; then
  echo "== making a store of $assets assets (once)"
  "$build/bin/vigil-tracker-bench" --assets "$assets" --data-dir "$data" --db "$store" --step first
fi
work="$(mktemp -d)"
trap 'kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; rm -rf "$work"' EXIT
cat >"$work/vigil.yaml" <<YAML
store: $store
sources:
  - name: bench
    kind: inventory
    path: $inventory
    cadence: {interval: 24h}
policies:
  paths: [$root/bench/policies]
YAML
"$build/bin/vigil" users remove bench --db "$store" >/dev/null 2>&1 || true
echo "the bench's password" | "$build/bin/vigil" users add bench --role admin --password-stdin --db "$store" >/dev/null
"$build/bin/vigil" serve --config "$work/vigil.yaml" --listen 127.0.0.1:0 2>"$work/serve.log" &
serve=$!
port=""
for _ in $(seq 600); do
  port="$(sed -n 's#.*API on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
api="http://127.0.0.1:$port"
csrf="$(curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"user": "bench", "password": "the bench'"'"'s password"}' "$api/api/v1/session" | jq -r .csrf_token)"
token="$(curl -sf -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name": "bench", "role": "viewer", "expires_in_days": 1}' "$api/api/v1/tokens" | jq -r .token)"
# The rescan each route is measured under: asked for through the API
# whenever none is running (the store keeps the source's schedule, so the
# next scheduled one may be a day away; an unchanged rescan of 1M assets
# takes well under a minute), and seen running before wrk starts.
scan_state() { curl -sf -H "Authorization: Bearer $token" "$api/api/v1/scans?limit=1" | jq -r '.items[0].state // empty'; }
rescan_running() {
  [ "$(scan_state)" = running ] && return
  curl -sf -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"source": "bench"}' "$api/api/v1/scans" >/dev/null
  for _ in $(seq 600); do
    [ "$(scan_state)" = running ] && return
    sleep 0.1
  done
  echo "the rescan did not start" >&2; tail -20 "$work/serve.log" >&2; exit 1
}
first_violation="$(curl -sf -H "Authorization: Bearer $token" "$api/api/v1/violations?limit=1" | jq -r '.items[0].id')"
first_asset="$(curl -sf -H "Authorization: Bearer $token" "$api/api/v1/assets?limit=1" | jq -r '.items[0].key')"
# The search index is built by serve at start (once per store): measure search after it.
started=$SECONDS
until grep -q "search index: " "$work/serve.log"; do sleep 0.5; done
grep -m1 "search index" "$work/serve.log"
echo "search index ready after $((SECONDS - started)) s of waiting"


printf '%-44s %10s %9s %9s %9s %8s\n' route 'req/s' p50_ms p99_ms max_ms p99/base
base_p99=""
for route in /healthz /api/v1/summary "/api/v1/violations?limit=100" "/api/v1/violations/$first_violation" \
             "/api/v1/violations?limit=100&sort=severity&order=desc" \
             "/api/v1/violations?status=open&severity=critical&limit=100" \
             "/api/v1/assets?limit=100" "/api/v1/assets/$first_asset" \
             "/api/v1/search?q=bench-sg-1234" "/api/v1/search?q=0.0.0.0/0%20ssh"; do
  rescan_running
  out="$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$api$route")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  ms() { awk -v key="$1" '$1 == key {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out"; }
  p50="$(ms 50%)"; p99="$(ms 99%)"
  max="$(awk '/Latency/ && !done {v=$4; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v; done=1}' <<<"$out")"
  [ -z "$base_p99" ] && base_p99="$p99"
  printf '%-44s %10s %9.2f %9.2f %9.2f %8.1f\n' "${route:0:44}" "$rps" "$p50" "$p99" "$max" "$(awk -v a="$p99" -v b="$base_p99" 'BEGIN {print (b > 0 ? a / b : 0)}')"
done
echo "each route was measured with a rescan of $assets assets running at its start; the last one is $(scan_state) now"
