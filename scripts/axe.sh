#!/usr/bin/env bash
# Accessibility check of the web edition with axe-core in headless
# Chromium; fails on any violation.
#
#   scripts/axe.sh [PAGE.html...]   (default: builds the sample issue's web
#                                    edition and checks every page of it)
#
# Needs node/npm and a Chromium (apt-get install chromium). axe-core and
# puppeteer-core are installed once into ${AXE_DIR:-$HOME/.cache/pressrun-axe}
# without downloading Puppeteer's own browser.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
axe_dir="${AXE_DIR:-$HOME/.cache/pressrun-axe}"
chromium="${PUPPETEER_EXECUTABLE_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
  echo "axe.sh: Chromium not found (apt-get install chromium)" >&2
  exit 2
fi

if [ ! -d "$axe_dir/node_modules/axe-core" ] || [ ! -d "$axe_dir/node_modules/puppeteer-core" ]; then
  mkdir -p "$axe_dir"
  (cd "$axe_dir" && [ -f package.json ] || echo '{"private":true}' > package.json)
  (cd "$axe_dir" && PUPPETEER_SKIP_DOWNLOAD=1 \
    npm install --no-audit --no-fund axe-core puppeteer-core >/dev/null)
fi

pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  out="$(mktemp -d)"
  (cd "$here" && SOURCE_DATE_EPOCH=1700000000 cargo run --quiet -- build issues --format html --out "$out")
  mapfile -t pages < <(find "$out" -name '*.html' | sort)
fi

node "$here/scripts/axe.mjs" "$chromium" "$axe_dir" "${pages[@]}"
