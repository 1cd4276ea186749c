#!/usr/bin/env bash
# Large input stays linear: briefings of 12.5, 25 and 50 MB, and one with a
# 1 MB line, build with time and peak memory proportional to their size.
#
#   tests/e2e/large.sh [SITREP_BINARY]     # default: target/release/sitrep
#
# Fails when 50 MB takes more than 3× the time of 25 MB (linear is 2×, a
# quadratic step would be 4×) or peak memory passes 12× the input.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sitrep=${1:-$root/target/release/sitrep}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

python3 - "$work" <<'PY'
import pathlib, random, sys
random.seed(7)
words = "energy pipeline gas russia china sanctions arctic military exercise treaty trade yuan rouble".split()
work = pathlib.Path(sys.argv[1])
def body(size):
    out, n, i = [], 0, 0
    while n < size:
        p = f"## Section {i}\n" if i % 40 == 0 else " ".join(random.choice(words) for _ in range(120)) + f" [back](#section-{i // 40 * 40}).\n"
        out.append(p); n += len(p) + 1; i += 1
    return "\n".join(out)
for mb in (12.5, 25, 50):
    site = work / f"site-{mb}" / "content"
    site.mkdir(parents=True)
    (site / "big.md").write_text(f"---\ntitle: Big\ndate: 2024-01-01\n---\n\n{body(int(mb * 1_000_000))}")
line = work / "site-line" / "content"
line.mkdir(parents=True)
(line / "line.md").write_text("---\ntitle: One long line\ndate: 2024-01-01\n---\n\n" + " ".join(random.choice(words) for _ in range(150_000)) + "\n")
PY

measure() { # site → "seconds kilobytes"
  /usr/bin/time -f "%e %M" -o "$work/time" "$sitrep" build --root "$work/$1" --output "$work/$1/out" >/dev/null
  cat "$work/time"
}
read -r t12 m12 < <(measure site-12.5)
read -r t25 m25 < <(measure site-25)
read -r t50 m50 < <(measure site-50)
read -r tl ml < <(measure site-line)
echo "12.5 MB: ${t12} s, $((m12 / 1024)) MB peak"
echo "25 MB:   ${t25} s, $((m25 / 1024)) MB peak"
echo "50 MB:   ${t50} s, $((m50 / 1024)) MB peak"
echo "1 MB line: ${tl} s, $((ml / 1024)) MB peak"
python3 - "$t25" "$t50" "$m50" <<'PY'
import sys
t25, t50, m50 = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ratio = t50 / max(t25, 0.05)
if ratio > 3:
    sys.exit(f"FAIL: 50 MB took {ratio:.1f}x the time of 25 MB (linear is 2x)")
if m50 > 12 * 50_000:
    sys.exit(f"FAIL: 50 MB peaked at {m50 // 1024} MB, over 12x the input")
print(f"large input: 50 MB / 25 MB time ratio {ratio:.1f} (linear 2), peak {m50 / 50_000:.1f}x the input")
PY
