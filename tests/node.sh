#!/usr/bin/env bash
# The Node suite: installs the npm packages, builds the addon, checks the generated TypeScript
# declarations are fresh and type-check, then runs node's test runner against emulators the
# tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p saasus-emulator
cargo run --quiet -p saasus-codegen -- check
cd node
# npm ci refuses this lock file (npm 11 leaves the CLI's optional per-platform packages out of
# it), so install from the lock with npm install.
npm install --no-audit --no-fund --loglevel=error
npm run --silent build
npm run --silent typecheck
node --test test/
