#!/usr/bin/env bash
# Installs dependencies, builds Vigil (Release, into build/) and scans the
# bundled sample estate with the bundled AWS policies.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2 --target vigil
echo
echo "\$ build/bin/vigil scan --inventory samples/inventory.jsonl --policies policies/"
build/bin/vigil scan --inventory samples/inventory.jsonl --policies policies/
