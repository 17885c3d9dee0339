#!/usr/bin/env bash
# The emulator's login flow in a real browser, against the emulator embedded in the Node addon.
# Installs Debian's chromium when missing (never a browser download of playwright's own) and
# playwright-core; needs the Node addon built by tests/node.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "browser suite: chromium is not installed and this user cannot install it (apt-get install chromium)" >&2
    exit 1
  fi
fi
[ -f node/native.js ] || (cd node && npm install --no-audit --no-fund --loglevel=error && npm run --silent build)
cd tests/browser
npm install --no-audit --no-fund --loglevel=error
CHROMIUM_PATH="$(command -v chromium)" node --test login.test.js
