#!/usr/bin/env bash
# Times pressrun on the sample, a 60-item issue, a 100-issue archive and
# articles of growing length; where pandoc and Typst are installed, times
# them on the same content. Prints a markdown table.
#
#   bench/run.sh            (needs python3 and /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
W=bench/work
export SOURCE_DATE_EPOCH=1700000000
cargo build --release --quiet
BIN=$PWD/target/release/pressrun
python3 bench/generate.py "$W"
mkdir -p "$W/out"

# median wall time in ms of a command (argument list, no shell), over N runs
median_ms() {
  local n=$1; shift
  python3 - "$n" "$@" <<'PY'
import subprocess, sys, time, statistics
n = int(sys.argv[1]); cmd = sys.argv[2:]
subprocess.run(cmd, check=True, capture_output=True)  # warm-up
ts = []
for _ in range(n):
    t = time.perf_counter(); subprocess.run(cmd, check=True, capture_output=True); ts.append(time.perf_counter() - t)
print("%.1f" % (statistics.median(ts) * 1000))
PY
}

peak_mb() {
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'
}

row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }

echo "| what | median wall (ms) | peak memory (MB) |"
echo "|---|---:|---:|"
row "pressrun sample, EPUB+PDF" "$(median_ms 20 "$BIN" -q build issues --out "$W/out")" "$(peak_mb "$BIN" -q build issues --out "$W/out")"
row "pressrun sample, EPUB only" "$(median_ms 20 "$BIN" -q build issues --out "$W/out" --format epub)" "-"
row "pressrun sample, PDF only" "$(median_ms 20 "$BIN" -q build issues --out "$W/out" --format pdf)" "-"
row "pressrun 60-item issue, EPUB+PDF" "$(median_ms 10 "$BIN" -q build "$W/big" --out "$W/out")" "$(peak_mb "$BIN" -q build "$W/big" --out "$W/out")"
t1=$(median_ms 3 "$BIN" -q build "$W/archive" --out "$W/out" --jobs 1)
tn=$(median_ms 3 "$BIN" -q build "$W/archive" --out "$W/out")
row "pressrun 100-issue archive, 1 thread" "$t1" "-"
row "pressrun 100-issue archive, $(nproc) threads (speed-up $(python3 -c "print('%.2f'%($t1/$tn))")×)" "$tn" "-"
for n in 100 1000 10000; do
  row "pressrun one article, $n paragraphs, PDF" "$(median_ms 3 "$BIN" -q build "$W/long-$n" --out "$W/out" --format pdf)" "-"
done

# The same content through pandoc (EPUB) and Typst (PDF), when installed.
PANDOC=$(command -v pandoc || python3 -c 'import pypandoc,os;print(pypandoc.get_pandoc_path())' 2>/dev/null || true)
if [ -n "$PANDOC" ] && [ -x "$PANDOC" ]; then
  S=issues/2026-11-24
  cat "$S/lead.md" "$S/reports/mending-the-wires.md" > "$W/sample.md"
  cat "$W"/big/2026-12-01/lead.md "$W"/big/2026-12-01/items/*.md > "$W/big.md"
  row "pandoc sample, EPUB only" "$(median_ms 10 "$PANDOC" "$W/sample.md" --resource-path="$S" -o "$W/p.epub" --metadata title=Sample)" "$(peak_mb "$PANDOC" "$W/sample.md" --resource-path="$S" -o "$W/p.epub" --metadata title=Sample)"
  row "pandoc 60-item issue, EPUB only" "$(median_ms 5 "$PANDOC" "$W/big.md" --resource-path="$W/big/2026-12-01" -o "$W/p.epub" --metadata title=Big)" "$(peak_mb "$PANDOC" "$W/big.md" --resource-path="$W/big/2026-12-01" -o "$W/p.epub" --metadata title=Big)"
  if python3 -c 'import typst' 2>/dev/null; then
    "$PANDOC" "$W/sample.md" -t typst -s -o "$W/sample.typ"
    "$PANDOC" "$W/big.md" -t typst -s -o "$W/big.typ"
    cp -r "$S/img" "$W/img"
    TY="import typst,sys; typst.compile(sys.argv[1], output=sys.argv[2])"
    row "Typst sample, PDF only (python typst, incl. interpreter start)" "$(median_ms 10 python3 -c "$TY" "$W/sample.typ" "$W/t.pdf")" "$(peak_mb python3 -c "$TY" "$W/sample.typ" "$W/t.pdf")"
    row "Typst 60-item issue, PDF only" "$(median_ms 5 python3 -c "$TY" "$W/big.typ" "$W/t.pdf")" "$(peak_mb python3 -c "$TY" "$W/big.typ" "$W/t.pdf")"
    row "python3 start alone (subtract from Typst rows)" "$(median_ms 10 python3 -c "import typst")" "-"
  fi
fi

# Typography of the body text against Typst on the same text (needs PyPI
# `typst` and pandoc): word gaps, loose lines, hyphenation.
if python3 -c 'import typst' 2>/dev/null && [ -n "$PANDOC" ]; then
  echo
  python3 bench/typography.py --bin "$BIN" --work "$W/typography"
fi
