#!/usr/bin/env bash
# Accessibility check of an EPUB with Ace by DAISY; fails on any violation.
#
#   scripts/ace.sh [BOOK.epub]     (default: builds the sample issue first)
#
# Needs node/npm and a Chromium (apt-get install chromium). Ace is installed
# once into ${ACE_DIR:-$HOME/.cache/pressrun-ace} without downloading
# Electron or Puppeteer's own browser.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
ace_dir="${ACE_DIR:-$HOME/.cache/pressrun-ace}"
chromium="${PUPPETEER_EXECUTABLE_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
  echo "ace.sh: Chromium not found (apt-get install chromium)" >&2
  exit 2
fi

if [ ! -x "$ace_dir/node_modules/.bin/ace-puppeteer" ]; then
  mkdir -p "$ace_dir"
  (cd "$ace_dir" && ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
    npm install --no-audit --no-fund @daisy/ace >/dev/null)
fi

book="${1:-}"
if [ -z "$book" ]; then
  out="$(mktemp -d)"
  (cd "$here" && SOURCE_DATE_EPOCH=1700000000 cargo run --quiet -- build issues/2026-11-24 --format epub --out "$out")
  book="$(ls "$out"/*.epub | head -n1)"
fi

report="$(mktemp -d)/ace"
PUPPETEER_EXECUTABLE_PATH="$chromium" "$ace_dir/node_modules/.bin/ace-puppeteer" -s -f -o "$report" "$book"

# Ace exits 0 even with violations: read its verdict and list them.
python3 - "$report/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
violations = [
    (doc["earl:testSubject"]["url"], a["earl:test"]["earl:impact"], a["earl:test"]["dct:title"],
     a["earl:result"].get("dct:description", ""))
    for doc in report.get("assertions", [])
    for a in doc.get("assertions", [])
    if a["earl:result"]["earl:outcome"] == "fail"
]
for v in violations:
    print("%s: [%s] %s: %s" % v)
outcome = report["earl:result"]["earl:outcome"]
print("Ace: %s, %d violation(s)" % (outcome, len(violations)))
sys.exit(0 if outcome == "pass" and not violations else 1)
PY
