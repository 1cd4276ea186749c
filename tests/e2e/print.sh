#!/usr/bin/env bash
# A briefing prints well: on A4 and Letter, in light and dark mode, every page
# carries the publication name, date, URL and page number; navigation, search
# and the table of contents are not printed; external links show their URL;
# the paper stays white.
#
#   tests/e2e/print.sh SITE_DIR BASE_PATH
#
# SITE_DIR, served at the host root, holds the site under BASE_PATH (as for
# tests/e2e/axe.sh). Needs playwright-core (installed into target/ci-tools by
# axe.sh or here), chromium and poppler-utils (pdftotext, pdftoppm).
set -euo pipefail
site_dir=$(cd "$1" && pwd)
base=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/target/ci-tools"
export PRINT_NODE_MODULES="$tools/node_modules"
need_apt() { if ! command -v "$2" >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq "$1" >/dev/null; fi; }
need_apt poppler-utils pdftotext
need_apt nodejs node
need_apt npm npm
if [[ ! -f $PRINT_NODE_MODULES/playwright-core/package.json ]]; then
  mkdir -p "$tools"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$tools" playwright-core@latest >/dev/null
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site_dir" >/dev/null 2>&1 &
server=$!
out=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$out"' EXIT
sleep 0.5

slug=power-of-siberia-2-update
node "$root/tests/e2e/print.mjs" "http://127.0.0.1:$port${base}briefings/$slug/" "$out"

fail() { echo "FAIL: $*" >&2; exit 1; }
for pdf in "$out"/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
  case $name in
    A4-*) [[ $size == *"595"*"842"* ]] || fail "$name: page size $size is not A4" ;;
    Letter-*) [[ $size == *"612 x 792"* ]] || fail "$name: page size $size is not Letter" ;;
  esac
  (( pages >= 2 )) || fail "$name: expected several pages, got $pages"
  for n in $(seq 1 "$pages"); do
    text=$(pdftotext -f "$n" -l "$n" -layout "$pdf" -)
    grep -q "Eurasia Desk · 15 Sep 2025 · http" <<<"$text" || fail "$name page $n: no publication, date and URL"
    grep -Eq "$n ?/ ?$pages" <<<"$text" || fail "$name page $n: no page number $n / $pages"
  done
  all=$(pdftotext -layout "$pdf" -)
  for absent in "Skip to content" "Matrix" "Archive" "Contents" "Search" "Older" "Newer"; do
    if grep -qw "$absent" <<<"$all"; then fail "$name: \"$absent\" is printed"; fi
  done
  grep -q "(https://" <<<"$all" || fail "$name: external links do not show their URL"
  grep -q "Key takeaways\|KEY TAKEAWAYS" <<<"$all" || fail "$name: no key takeaways"
  # The paper stays white in dark mode: the first page's average brightness.
  pdftoppm -r 20 -f 1 -l 1 -gray "$pdf" "$out/$name"
  bright=$(python3 -c "
import sys
data = open(sys.argv[1], 'rb').read()
header, _, rest = data.partition(b'\n255\n')
print(sum(rest) // max(len(rest), 1))" "$out/$name"-1.pgm)
  (( bright > 220 )) || fail "$name: page 1 is dark (mean grey $bright of 255)"
  echo "ok: $name: $pages pages of $size, footer and page number on each, no navigation, link URLs shown, mean grey $bright"
done
echo "print: A4 and Letter, light and dark: all checks passed"
