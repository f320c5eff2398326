#!/usr/bin/env bash
# Installs every Debian package Vigil's build, tests, benchmarks and demo need.
# Idempotent and non-interactive; run as root (or with sudo) on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang clang-format libclang-rt-14-dev     # clang-format check, libFuzzer + sanitizers
  nlohmann-json3-dev                        # JSON for config, CLI output, conformance files
  libsimdjson-dev                           # fast inventory parsing (hot path)
  libyaml-cpp-dev                           # policy files, with line:col marks
  libyaml-dev                               # libyaml: syntax gate in front of yaml-cpp (src/yaml/syntax_gate.h)
  libre2-dev                                # CEL matches(); never std::regex on user input
  libcli11-dev                              # command line
  libfmt-dev                                # formatting
  libsqlite3-dev sqlite3                    # embedded store; SQL baseline in bench/
  libpq-dev postgresql                      # PostgreSQL store (libpq); its tests start a server with initdb/pg_ctl (tests/store/postgres_server.h)
  libssl-dev                                # SigV4 HMAC-SHA256, hashing
  libargon2-dev                             # API users' passwords: Argon2id, the reference implementation (src/auth/password.h)
  libcurl4-openssl-dev                      # HTTP client for AWS APIs
  libpugixml-dev                            # XML responses (ec2, query, rest-xml protocols)
  libcpp-httplib-dev                        # local HTTP servers in tests (AWS replay); API server
  python3-botocore                          # AWS service models (service-2.json), data only; tests validate ASFF with its ParamValidator
  zlib1g-dev                                # gunzip AWS Config snapshots (*.json.gz)
  libzstd-dev                               # store: asset content zstd-compressed (cheaper than writing it plain)
  libgtest-dev libgmock-dev                 # tests
  libbenchmark-dev                          # benchmarks
  python3                                   # bench report helpers
  jq                                        # scripts/aws-capture.sh (and its moto test)
  python3-prometheus-client                 # tests: GET /metrics parsed by the Prometheus project's own text parser
  wrk                                       # bench/api_bench.sh: API throughput and latency
  python3-jsonschema                        # tests: every JSON output validated against docs/finding.schema.json (and SARIF, OCSF schemas)
  python3-aiosmtpd                          # tests: a real SMTP server receives Vigil's notification e-mail (tests/notify/smtp_sink.py)
  python3-cryptography                      # tests: the local OpenID provider signs ID tokens (RS256, ES256) and the JWT test vectors (tests/auth/oidc_issuer.py)
  libxml2-utils                             # tests: xmllint --schema validates JUnit XML output (tests/data/schemas/junit-10.xsd)
  tzdata                                    # IANA time zones for CEL timestamp accessors
  chromium fonts-dejavu-core                # tests: reports and pages looked at in a real browser (headless screenshots)
  dpkg-dev file                             # cpack -G DEB: dpkg-shlibdeps computes Depends, file finds the binaries
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The dashboard (web/, docs/dashboard.md) is built by npm: Node.js 20.19 or
# newer (Vite 8), then its locked packages (npm ci), again whenever
# web/package-lock.json is newer than the installed tree.
node_major=$(node -p 'process.versions.node.split(".").map(Number).reduce((a, b, i) => i < 2 ? a * 1000 + b : a)' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20019 ]; then
  echo "install-deps: the dashboard needs Node.js >= 20.19 with npm (found: $(node --version 2>/dev/null || echo none));" >&2
  echo "install-deps: install the nodejs package of NodeSource's Node 20 repository, then run this again" >&2
  exit 1
fi
web_dir="$(cd "$(dirname "$0")/.." && pwd)/web"
if [ ! -f "$web_dir/node_modules/.package-lock.json" ] ||
   [ "$web_dir/package-lock.json" -nt "$web_dir/node_modules/.package-lock.json" ]; then
  (cd "$web_dir" && npm ci --no-audit --no-fund)
fi
