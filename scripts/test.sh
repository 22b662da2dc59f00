#!/usr/bin/env bash
# Install what the tests need (Python packages and a Chromium), then run ruff and the whole test suite.
# Chromium: $CHROMIUM_PATH if set; else one on PATH; else Debian's package (apt-get); else Playwright's own.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# axe-core for the accessibility checks, at the version tests/a11y/package-lock.json pins.
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing Debian's npm for the accessibility checks…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi
npm ci --prefix tests/a11y --no-audit --no-fund --silent

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then echo "$CHROMIUM_PATH"; return; fi
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  done
}

if [ -z "$(find_chromium)" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "No Chromium found: installing Playwright's own (set CHROMIUM_PATH to use another)…"
    python3 -m playwright install chromium
  fi
fi
echo "Chromium: $(find_chromium || echo "Playwright's bundled browser")"

python3 -m ruff check .
# Two workers (this machine and CI have two cores); the browser tests share one worker (their xdist_group).
python3 -m pytest -n "${TEST_WORKERS:-2}" --dist loadgroup "$@"
