#!/usr/bin/env bash
# The benchmark, in one command:  bash bench/run.sh [vigil-bench options]
# Builds Release in build-bench/ and runs vigil-bench (default: 100k and 1M
# assets x the 50 policies in bench/policies, plus the SQLite baseline).
# Generated inventories are kept in $VIGIL_BENCH_DATA (default /tmp/vigil-bench)
# and reused by later runs. Examples:
#   bash bench/run.sh --assets 100000 --per-check
#   bash bench/run.sh --assets 1000000 --skip-sql
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-bench"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_TESTS=OFF -DVIGIL_BUILD_BENCH=ON >/dev/null
ninja -C "$build" -j"$(nproc)" vigil-bench vigil-bench-generate
exec "$build/bin/vigil-bench" --data-dir "${VIGIL_BENCH_DATA:-/tmp/vigil-bench}" "$@"
