#!/usr/bin/env bash
# Accessibility check of the built site with axe-core in headless Chromium.
#
#   tests/e2e/axe.sh SITE_DIR BASE_PATH
#
# SITE_DIR, served at the host root, holds the site under BASE_PATH, e.g.
#   sitrep build --base-url https://example.github.io/sitrep --output target/ci-sub/sitrep
#   tests/e2e/axe.sh target/ci-sub /sitrep/
# Checks eleven pages of the sample site in light and dark colour schemes at
# 1280×900 and 390×844 (tests/e2e/axe.mjs). Installs playwright-core and axe-core
# into target/ci-tools if missing; uses Debian's chromium ($CHROMIUM), not
# Playwright's own browsers. Exits 1 on any violation.
# AXE_JSON=FILE also writes the full results as JSON.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 SITE_DIR BASE_PATH" >&2
  exit 2
fi
site_dir=$(cd "$1" && pwd)
base=$2
[[ $base == /* ]] || base="/$base"
[[ $base == */ ]] || base="$base/"
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/target/ci-tools"
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export AXE_NODE_MODULES="$tools/node_modules"

if [[ ! -f "$site_dir${base}index.html" ]]; then
  echo "FAIL: no $site_dir${base}index.html: build the site first" >&2
  exit 1
fi

need_apt() { # package, command
  if ! command -v "$2" >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq "$1" >/dev/null
  fi
}
need_apt nodejs node
need_apt npm npm
[[ -x $CHROMIUM ]] || need_apt chromium chromium
if [[ ! -f $AXE_NODE_MODULES/playwright-core/package.json || ! -f $AXE_NODE_MODULES/axe-core/axe.min.js ]]; then
  mkdir -p "$tools"
  # playwright-core downloads no browser on install; the Debian chromium is used.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$tools" \
    playwright-core@latest axe-core@latest >/dev/null
fi

server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site_dir" >/dev/null 2>&1 &
server_pid=$!
up=0
for _ in $(seq 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port$base')" 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
if [[ $up == 0 ]]; then
  echo "FAIL: http.server on port $port did not come up" >&2
  exit 1
fi
u="http://127.0.0.1:$port$base"

pages=(
  ""
  "briefings/china-russia-strategic-partnership/"
  "topics/energy/"
  "regions/china/"
  "archive/"
  "search/?q=pipeline"
  "matrix/"
  "feeds/"
  "topics/"
  "regions/"
  "404.html"
)
urls=()
for p in "${pages[@]}"; do urls+=("$u$p"); done

json=()
[[ -z ${AXE_JSON:-} ]] || json=(--json "$AXE_JSON")
status=0
node "$root/tests/e2e/axe.mjs" "${json[@]}" "${urls[@]}" || status=$?
exit "$status"
