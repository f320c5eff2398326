#!/usr/bin/env bash
# Collection by `vigil worker` processes ([Scale-out]): one live AWS source of
# many accounts x regions, served by moto with a fixed delay per call
# (bench/slow_moto.py), collected, assessed and recorded into a throw-away
# PostgreSQL server (bench/pg_server.sh) by 1, 2 and 4 workers, against the
# same collection by one `vigil collect aws` process measured in the same run.
#
#   bash bench/workers_bench.sh [--accounts 1000] [--regions 4] [--delay 0.05] [--workers "1 2 4"]
#
# Prints, per run: wall time, calls, calls/s, and the share of ideal: ideal is
# calls x delay / (16 calls in flight per process x workers); a share near
# 100% means the workers are limited by the endpoint's latency only.
# Build first: ninja -C build vigil (VIGIL_BENCH_BUILD=DIR for another build).
set -euo pipefail
accounts=1000 regions=4 delay=0.05 workers="1 2 4"
while [ $# -gt 0 ]; do
  case "$1" in
    --accounts) accounts=$2; shift 2 ;;
    --regions) regions=$2; shift 2 ;;
    --delay) delay=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
build=${VIGIL_BENCH_BUILD:-$here/../build}
vigil=$build/bin/vigil
[ -x "$vigil" ] || { echo "build $vigil first (ninja -C build vigil)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/vigil-workers-bench.XXXXXX)
chmod 755 "$tmp"  # pg_server.sh runs the server as nobody when started as root
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  bash "$here/pg_server.sh" stop "$tmp/pg" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${KEEP_LOGS:-}" ] && trap "cp -r $tmp/*.log $KEEP_LOGS/ 2>/dev/null; cleanup" EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$here/slow_moto.py" "$port" "$delay" >"$tmp/moto.log" 2>&1 &
pids+=($!)
url=$(bash "$here/pg_server.sh" start "$tmp/pg")
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
psql() { "$pgbin/psql" -q -h "$tmp/pg" -p 5432 -U vigil "$@"; }
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null && break; sleep 0.1; done

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
ids=$(python3 -c "print(','.join(str(200000000000+i) for i in range($accounts)))")
all_regions=(us-east-1 eu-west-1 us-west-2 ap-southeast-1 eu-central-1 us-east-2 ap-northeast-1 sa-east-1)
region_list=$(IFS=,; echo "${all_regions[*]:0:$regions}")
types=aws.sqs.queue,aws.sns.topic
endpoint=http://127.0.0.1:$port

# Warm moto's per-account backends (not measured), then one process.
"$vigil" collect aws --endpoint-url "$endpoint" --accounts "$ids" --role vigil-audit \
  --regions "$region_list" --types "$types" --out "$tmp/warm" >/dev/null 2>&1
start=$(date +%s.%N)
"$vigil" collect aws --endpoint-url "$endpoint" --accounts "$ids" --role vigil-audit \
  --regions "$region_list" --types "$types" --out "$tmp/single" 2>"$tmp/single.log" >/dev/null
single=$(python3 -c "import time; print(round(time.time() - $start, 2))")
calls=$(grep -o '[0-9]* calls' "$tmp/single.log" | head -1 | cut -d' ' -f1)
probes=$((accounts * 2))  # STS GetCallerIdentity and AssumeRole per account (not in "calls")
total=$((calls + probes))
echo "$accounts accounts x $regions regions, $delay s per call, types $types: $calls list calls + $probes STS calls"
printf '%-28s %8s %8s %8s %8s\n' run wall_s calls/s ideal_s share
ideal() { python3 -c "print(round($total * $delay / (16 * $1), 2))"; }
share() { python3 -c "print(f'{100 * $total * $delay / (16 * $1) / $2:.0f}%')"; }
printf '%-28s %8s %8s %8s %8s\n' "vigil collect aws (1 proc)" "$single" \
  "$(python3 -c "print(round($total / $single))")" "$(ideal 1)" "$(share 1 "$single")"

n_run=0
for n in $workers; do
  n_run=$((n_run + 1))
  db=bench_w$n_run
  psql -d postgres -c "CREATE DATABASE $db"
  cat >"$tmp/vigil-$n.yaml" <<YAML
store: "postgresql:///$db?host=$tmp/pg&port=5432&user=vigil"
sources:
  - name: fleet
    kind: aws
    endpoint_url: $endpoint
    accounts: [$(echo "$ids" | sed 's/\([0-9]\{12\}\)/"\1"/g')]
    role: vigil-audit
    regions: [$region_list]
    types: [$(echo "$types" | sed 's/,/, /g')]
    cadence: {interval: 24h}
workers:
  enabled: true
YAML
  start=$(date +%s.%N)
  "$vigil" serve --config "$tmp/vigil-$n.yaml" --once --listen off >"$tmp/serve-$n.log" 2>&1 &
  serve=$!
  until [ "$(psql -d "$db" -tA -c "SELECT count(*) FROM jobs" 2>/dev/null || echo 0)" -gt 0 ]; do sleep 0.05; done
  wpids=()
  for i in $(seq "$n"); do
    "$vigil" worker --config "$tmp/vigil-$n.yaml" --name "w$i" --until-idle >"$tmp/worker-$n-$i.log" 2>&1 &
    wpids+=($!)
  done
  wait "$serve"
  wall=$(python3 -c "import time; print(round(time.time() - $start, 2))")
  for p in "${wpids[@]}"; do wait "$p" || true; done
  jobs=$(psql -d "$db" -tA -c "SELECT count(*) FROM jobs")
  printf '%-28s %8s %8s %8s %8s\n' "$n worker(s), $jobs jobs" "$wall" \
    "$(python3 -c "print(round($total / $wall))")" "$(ideal "$n")" "$(share "$n" "$wall")"
  grep -q "completed by the workers" "$tmp/serve-$n.log" || { echo "the scan did not complete:"; tail -5 "$tmp/serve-$n.log"; }
done
