#!/usr/bin/env bash
# Installs dependencies, builds Vigil (Release, into build/; the dashboard
# included), records a scan of the bundled sample estate (examples/estate,
# an AWS capture) with the bundled AWS policies in a fresh embedded store
# (build/demo/vigil.db), then runs `vigil serve` with the dashboard and prints
# its URL and the one-time admin login. Ctrl-C stops it.
#   LISTEN=0.0.0.0:8470 bash scripts/demo.sh   # another address (default 127.0.0.1:8470)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"  # override only to keep a separate build tree
LISTEN="${LISTEN:-127.0.0.1:8470}"

bash scripts/install-deps.sh
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j2 --target vigil

demo="$BUILD_DIR/demo"
rm -rf "$demo"
mkdir -p "$demo"
cat > "$demo/vigil.yaml" <<YAML
store: $PWD/$demo/vigil.db
sources:
  - name: estate
    kind: capture
    path: $PWD/examples/estate
    cadence: {interval: 6h}
groups:
  - name: production
    accounts: ["111111111111"]
  - name: dev
    accounts: ["222222222222"]
  - name: sandbox
    accounts: ["333333333333"]
YAML

echo
echo "\$ $BUILD_DIR/bin/vigil serve --config $demo/vigil.yaml --once   # record a scan of examples/estate"
"$BUILD_DIR"/bin/vigil serve --config "$demo/vigil.yaml" --once ||
  echo "(the scan failed; the dashboard shows why under Scans & sources)"
echo
echo "\$ $BUILD_DIR/bin/vigil serve --config $demo/vigil.yaml --listen $LISTEN"
"$BUILD_DIR"/bin/vigil serve --config "$demo/vigil.yaml" --listen "$LISTEN" 2> >(tee "$demo/serve.log" >&2) &
serve=$!
trap 'kill -TERM "$serve" 2>/dev/null; wait "$serve"' INT TERM
for _ in $(seq 1 200); do
  grep -q "API on " "$demo/serve.log" 2>/dev/null && break
  kill -0 "$serve" 2>/dev/null || { wait "$serve"; exit 1; }
  sleep 0.1
done
url=$(grep -o "API on [a-z]*://[^ ]*" "$demo/serve.log" | head -n 1 | sed 's/^API on //; s#/api/v1/$#/#')
password=$(grep -o "one-time password [A-Za-z0-9_-]*" "$demo/serve.log" | head -n 1 | sed 's/^one-time password //')
cat <<BANNER

  Vigil's dashboard:  $url
  Sign in as:         admin
  One-time password:  $password   (you choose your own at first sign-in)

  Ctrl-C stops the server; the store stays in $demo/vigil.db.

BANNER
wait "$serve"
