#!/usr/bin/env bash
# Makes ready the backend of the Kotlin and Swift app-session tests (tests/app-backend/server.js),
# which runs on the Node package: its addon and node_modules come from the node suite, or are
# built here when a suite runs on its own. Prints the script's path for SAASUS_APP_BACKEND.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v node >/dev/null; then
  echo "tests/app-backend: node is needed (the app-session tests' backend is built with the Express helper)" >&2
  exit 1
fi
if [[ ! -f node/saasus.linux-x64-gnu.node || ! -d node/node_modules/express ]]; then
  bash tools/package.sh node >&2
fi
echo "$PWD/tests/app-backend/server.js"
