#!/usr/bin/env bash
# Installs dependencies, builds Vigil (Release, into build/) and scans the
# bundled sample estate with the bundled AWS policies.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"  # override only to keep a separate build tree

bash scripts/install-deps.sh
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j2 --target vigil
echo
echo "\$ $BUILD_DIR/bin/vigil scan --inventory samples/inventory.jsonl --policies policies/"
"$BUILD_DIR"/bin/vigil scan --inventory samples/inventory.jsonl --policies policies/
