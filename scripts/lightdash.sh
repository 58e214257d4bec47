#!/usr/bin/env bash
# Installs Lightdash's dbt compiler (@lightdash/common, pinned) into build/lightdash for
# tests/test_lightdash.py, which compiles the package's marts with it and validates
# bi/lightdash (scripts/lightdash_check.cjs). Node.js comes from Debian's nodejs and npm when
# `node` is missing (needs root, like scripts/chromium.sh). Idempotent: does nothing when the
# pinned version is there. Lightdash's CLI itself (@lightdash/cli) is not on the npm registry
# these machines reach; its compiler library is.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=1.167.4
PREFIX=build/lightdash
if [ -f "$PREFIX/node_modules/@lightdash/common/package.json" ] \
   && grep -q "\"version\": \"$VERSION\"" "$PREFIX/node_modules/@lightdash/common/package.json"; then
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "lightdash.sh: node and npm are missing and this user cannot apt-get install them (run: sudo apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "lightdash.sh: installing nodejs and npm (Debian packages)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
echo "lightdash.sh: installing @lightdash/common@$VERSION into $PREFIX" >&2
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --no-save --loglevel=error "@lightdash/common@$VERSION" >&2
