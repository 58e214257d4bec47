#!/usr/bin/env bash
# Installs Debian's chromium (the browser the report's browser tests drive through Playwright,
# tests/test_report_browser.py) when /usr/bin/chromium is missing. Idempotent: does nothing when
# it is there. Needs root (apt-get), like scripts/postgres.sh; otherwise it says what to install.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium.sh: $CHROMIUM is missing and this user cannot apt-get install it (run: sudo apt-get install chromium)" >&2
  exit 1
fi
echo "chromium.sh: installing chromium (Debian package)" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
"$CHROMIUM" --version
