#!/usr/bin/env bash
# Installing and packaging vigil (cmake/install.cmake), for real:
#   install_test.sh install BUILD_DIR SOURCE_DIR
#     `cmake --install` into a temporary prefix P; P/bin/vigil, run from
#     another folder without --policies, must use P/share/vigil/policies
#     (a marker policy added to P's pack shows up in its scan) and
#     P/share/vigil/frameworks; the docs are in P/share/doc/vigil.
#   install_test.sh deb BUILD_DIR SOURCE_DIR
#     `cpack -G DEB`, then the package's control fields and file list, and
#     its vigil binary run from the package unpacked with `dpkg-deb -x`, and
#     `dpkg -i` into a scratch root (Depends checked against this machine's
#     packages). Skipped (exit 77) without dpkg-deb.
# Nothing of the build or source folder is moved or hidden: the installed
# binary must prefer its own pack although the source tree's is there.
set -euo pipefail

mode=$1 build=$(realpath "$2") src=$(realpath "$3")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The checks of one installed tree: PREFIX/bin/vigil and PREFIX/share.
check_installed() {
  local prefix=$1
  [[ -x $prefix/bin/vigil ]] || fail "$prefix/bin/vigil is missing"
  local installed source
  installed=$(cd "$prefix/share/vigil/policies" && find . -name '*.yaml' | sort)
  source=$(cd "$src/policies" && find . -name '*.yaml' | sort)
  [[ $installed == "$source" ]] || fail "$prefix/share/vigil/policies differs from policies/"
  [[ -f $prefix/share/vigil/frameworks/cis-aws-3.0.yaml ]] || fail "frameworks not installed"
  [[ -f $prefix/share/doc/vigil/README.md ]] || fail "README.md not in share/doc/vigil"
  [[ -f $prefix/share/doc/vigil/docs/policy-language.md ]] || fail "docs/ not in share/doc/vigil"

  # A marker policy in the installed pack only: seen in a scan, it proves
  # the binary read PREFIX's pack and not the source tree's.
  cat >"$prefix/share/vigil/policies/zz-install-marker.yaml" <<'YAML'
id: zz-install-marker
title: Installed pack marker
resource: aws.s3.bucket
severity: info
category: governance
condition: "true"
message: from the installed pack
YAML
  mkdir -p "$tmp/elsewhere"
  cd "$tmp/elsewhere"
  local version
  version=$("$prefix/bin/vigil" --version)
  grep -qxF "built-in policies: $prefix/share/vigil/policies" <<<"$version" ||
    fail "vigil --version names another pack: $version"
  local code=0
  "$prefix/bin/vigil" scan --capture "$src/examples/estate" --format json >scan.json 2>scan.err ||
    code=$?
  ((code == 0 || code == 3)) || fail "scan exited $code: $(cat scan.err)"
  python3 - scan.json <<'PY' || fail "the scan did not use the installed pack"
import json, sys
doc = json.load(open(sys.argv[1]))
ids = {f["policy"]["id"] for f in doc["findings"]}
assert "zz-install-marker" in ids, "no marker finding"
assert len(ids) > 10, f"only {len(ids)} policies judged"
PY
  "$prefix/bin/vigil" frameworks list --format json >frameworks.json ||
    fail "frameworks list failed"
  grep -q 'cis-aws-3.0' frameworks.json || fail "frameworks list lacks cis-aws-3.0"
  rm "$prefix/share/vigil/policies/zz-install-marker.yaml"
  cd "$tmp"
}

case $mode in
  install)
    cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" ||
      fail "cmake --install: $(cat "$tmp/install.log")"
    check_installed "$tmp/prefix"
    ;;
  deb)
    command -v dpkg-deb >/dev/null || { echo "no dpkg-deb: skipped"; exit 77; }
    (cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >cpack.log 2>&1) ||
      fail "cpack: $(cat "$tmp/cpack.log")"
    deb=$(find "$tmp/pkg" -maxdepth 1 -name 'vigil_*.deb')
    [[ -f $deb ]] || fail "no vigil_*.deb in $(ls "$tmp/pkg")"
    [[ $(dpkg-deb -f "$deb" Package) == vigil ]] || fail "package name"
    [[ -n $(dpkg-deb -f "$deb" Maintainer) ]] || fail "no Maintainer"
    [[ -n $(dpkg-deb -f "$deb" Description) ]] || fail "no Description"
    depends=$(dpkg-deb -f "$deb" Depends)
    for lib in libc6 libstdc++6 libsqlite3-0 libcurl4 libyaml-cpp0.7 libre2-9; do
      grep -q "\b$lib\b" <<<"$depends" || fail "Depends lacks $lib: $depends"
    done
    files=$(dpkg-deb -c "$deb" | awk '{print $6}')
    for f in ./usr/bin/vigil ./usr/share/vigil/policies/aws/s3_bucket_website.yaml \
             ./usr/share/vigil/frameworks/cis-aws-3.0.yaml ./usr/share/doc/vigil/README.md; do
      grep -qxF "$f" <<<"$files" || fail "$f not in the package"
    done
    dpkg-deb -x "$deb" "$tmp/root"
    check_installed "$tmp/root/usr"
    # dpkg itself installs it into a scratch root, its Depends checked against
    # this machine's packages (a copy of dpkg's database; nothing of the
    # machine's own is changed).
    if [[ -f /var/lib/dpkg/status ]]; then
      mkdir -p "$tmp/admin"/{info,updates,triggers} "$tmp/inst"
      cp /var/lib/dpkg/status "$tmp/admin/"
      dpkg --admindir="$tmp/admin" --instdir="$tmp/inst" --force-not-root \
        --force-script-chrootless -i "$deb" >"$tmp/dpkg.log" 2>&1 ||
        fail "dpkg -i: $(grep -v 'files list file' "$tmp/dpkg.log")"
      dpkg --admindir="$tmp/admin" -s vigil | grep -qx 'Status: install ok installed' ||
        fail "dpkg does not list vigil as installed"
      "$tmp/inst/usr/bin/vigil" --version | grep -qxF "built-in policies: $tmp/inst/usr/share/vigil/policies" ||
        fail "the dpkg-installed vigil does not find its pack"
    fi
    echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB; Depends: $depends"
    ;;
  *) fail "mode: install or deb" ;;
esac
echo "ok"
