#!/usr/bin/env bash
# Installs dependencies, builds Vigil (Release, into build/) and runs the
# whole test suite: unit and CLI tests (ctest), the tests embedded in the
# policy files, and (report only) the CEL conformance sample in ../shared.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"  # override only to keep a separate build tree

bash scripts/install-deps.sh || exit 1
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release || exit 1
cmake --build "$BUILD_DIR" -j2 || exit 1

status=0
if [ -d ../shared/conformance/cel ]; then
  echo "== CEL conformance (report only)"
  "$BUILD_DIR"/bin/cel-conformance ../shared/conformance/cel/*.json | tail -n 20 || true
fi

echo "== policy tests"
"$BUILD_DIR"/bin/vigil policy test policies/ || status=1

echo "== ctest"
(cd "$BUILD_DIR" && ctest --output-on-failure -j2) || status=1

if [ "$status" -eq 0 ]; then echo "== all tests passed"; else echo "== some tests FAILED"; fi
exit "$status"
