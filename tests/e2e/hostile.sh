#!/usr/bin/env bash
# Builds tests/sites/hostile (script in every front-matter field, every raw-HTML
# and Markdown trick in a body) and proves in headless Chromium that none of it
# runs on any page: tests/e2e/hostile.mjs.
#
#   tests/e2e/hostile.sh [SITREP_BINARY]     # default: target/release/sitrep
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sitrep=${1:-$root/target/release/sitrep}
tools="$root/target/ci-tools"
export HOSTILE_NODE_MODULES="$tools/node_modules"
need_apt() { if ! command -v "$2" >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq "$1" >/dev/null; fi; }
need_apt nodejs node
need_apt npm npm
if [[ ! -f $HOSTILE_NODE_MODULES/playwright-core/package.json ]]; then
  mkdir -p "$tools"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$tools" playwright-core@latest >/dev/null
fi
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$sitrep" build --root "$root/tests/sites/hostile" --output "$work/site" >/dev/null
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 0.5
mapfile -t pages < <(cd "$work/site" && find . -name '*.html' | sed 's|^\./||' | sort)
node "$root/tests/e2e/hostile.mjs" "http://127.0.0.1:$port/" "${pages[@]}"
