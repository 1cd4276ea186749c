#!/usr/bin/env bash
# End-to-end test of the search page in headless Chromium.
#
#   tests/e2e/search.sh SITE_DIR BASE_PATH
#
# SITE_DIR, served at the host root, holds the site under BASE_PATH, e.g.
#   sitrep build --base-url https://example.github.io/sitrep --output target/e2e-search/sitrep
#   tests/e2e/search.sh target/e2e-search /sitrep/
# Uses the sample briefings in content/. Needs python3 and chromium ($CHROMIUM).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 SITE_DIR BASE_PATH" >&2
  exit 2
fi
site_dir=$1
base=$2
[[ $base == /* ]] || base="/$base"
[[ $base == */ ]] || base="$base/"
chromium=${CHROMIUM:-chromium}

if [[ ! -f "$site_dir${base}search/index.json" ]]; then
  echo "FAIL: no $site_dir${base}search/index.json: build the site first" >&2
  exit 1
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site_dir" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port$base')" 2>/dev/null; then break; fi
  sleep 0.1
done
origin="http://127.0.0.1:$port"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# Loads the search page with QUERY (a query string) and prints its DOM once scripts have run.
dump() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$work/profile.XXXX")" --virtual-time-budget=10000 \
    --dump-dom "$origin${base}search/?$1" 2>>"$work/chromium.log"
}
# The hrefs of the result titles, in order.
links() { grep -o 'class="search-title"><a [^>]*href="[^"]*"' | sed 's/.*href="//; s/"$//' || true; }

check_page() { # QUERY: the page ran the search to the end
  local dom=$1 query=$2
  if ! grep -q 'data-search-state="done"' <<<"$dom"; then
    fail "?$query: search did not finish (no data-search-state=\"done\" on <html>)"
    return 1
  fi
}

# 1. A title word ranks the briefing with it in the title first; 5. matches are marked; 6. links keep the base path.
q='q=yamal'
dom=$(dump "$q")
if check_page "$dom" "$q"; then
  first=$(links <<<"$dom" | head -n 1)
  if [[ $first == "${base}briefings/arctic-lng/" ]]; then
    pass "?$q: first result is ${base}briefings/arctic-lng/ (title \"Arctic LNG 2, Yamal and the limits of sanctions\")"
  else
    fail "?$q: first result is '${first:-none}', expected ${base}briefings/arctic-lng/"
  fi
  if grep -qi '<mark>yamal</mark>' <<<"$dom"; then pass "?$q: <mark>Yamal</mark> highlighted"; else fail "?$q: no <mark>yamal</mark> in the results"; fi
  bad=$(links <<<"$dom" | grep -v "^$base" || true)
  count=$(links <<<"$dom" | wc -l)
  if [[ $count -gt 0 && -z $bad ]]; then
    pass "?$q: all $count result links start with $base"
  else
    fail "?$q: result links outside $base: ${bad:-no links at all}"
  fi
fi

# 2. A word only in one briefing's body finds it, and the snippet is cut from the fetched page.
q='q=aleutian'
dom=$(dump "$q")
if check_page "$dom" "$q"; then
  if links <<<"$dom" | grep -qx "${base}briefings/arctic-patrols/"; then
    pass "?$q (body only): finds ${base}briefings/arctic-patrols/"
  else
    fail "?$q (body only): ${base}briefings/arctic-patrols/ not among results: $(links <<<"$dom" | tr '\n' ' ')"
  fi
  if grep -qi '<mark>aleutian</mark>' <<<"$dom"; then
    pass "?$q: snippet from the briefing body with <mark>Aleutian</mark>"
  else
    fail "?$q: no highlighted body snippet (<mark>Aleutian</mark>)"
  fi
fi

# Prefix matching: "sanction" finds "sanctions" (in a title).
q='q=sanction'
dom=$(dump "$q")
if check_page "$dom" "$q"; then
  if links <<<"$dom" | grep -qx "${base}briefings/arctic-lng/"; then
    pass "?$q (prefix): finds ${base}briefings/arctic-lng/"
  else
    fail "?$q (prefix): ${base}briefings/arctic-lng/ not among results"
  fi
fi

# 3. Filters restrict the results.
expect_only() { # QUERY WANTED... -- UNWANTED...
  local query=$1; shift
  local dom got want=() unwant=() seen=0 ok=1
  for a in "$@"; do
    if [[ $a == -- ]]; then seen=1; elif [[ $seen == 0 ]]; then want+=("$a"); else unwant+=("$a"); fi
  done
  dom=$(dump "$query")
  check_page "$dom" "$query" || return 0
  got=$(links <<<"$dom")
  for s in "${want[@]}"; do
    grep -qx "${base}briefings/$s/" <<<"$got" || { fail "?$query: expected $s among results, got: $(tr '\n' ' ' <<<"$got")"; ok=0; }
  done
  for s in "${unwant[@]}"; do
    ! grep -qx "${base}briefings/$s/" <<<"$got" || { fail "?$query: $s should be filtered out"; ok=0; }
  done
  [[ $ok == 0 ]] || pass "?$query: $(wc -l <<<"$got") result(s), includes ${want[*]}, excludes ${unwant[*]}"
}
expect_only 'topic=technology' technology-exchange -- arctic-lng power-of-siberia-2
expect_only 'region=arctic' arctic-lng arctic-patrols -- yuan-rouble-settlement technology-exchange
# Western Asia only through its child region Middle East.
expect_only 'region=western-asia' middle-east-africa -- arctic-lng central-asia-influence
expect_only 'q=arctic&topic=energy' arctic-lng -- arctic-patrols

# 4. A query matching nothing says so.
q='q=zqxjvw'
dom=$(dump "$q")
if check_page "$dom" "$q"; then
  if grep -q 'class="search-empty">No briefings match' <<<"$dom" && [[ -z $(links <<<"$dom") ]]; then
    pass "?$q: no results, message shown"
  else
    fail "?$q: expected the no-results message and no results"
  fi
fi

if [[ $failures -gt 0 ]]; then
  echo "search e2e: $failures check(s) failed" >&2
  [[ ! -s $work/chromium.log ]] || { echo "--- chromium log (tail)" >&2; grep -v dbus "$work/chromium.log" | tail -n 20 >&2; }
  exit 1
fi
echo "search e2e: all checks passed ($origin$base)"
