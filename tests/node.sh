#!/usr/bin/env bash
# The Node suite: installs the npm packages, builds the addon, checks the generated TypeScript
# declarations type-check (their freshness is the `generated` suite's), then runs node's test
# runner against emulators the tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p saasus-emulator
cd node
# A fresh checkout installs with `npm ci`. It refuses a lock file that lacks the other platforms'
# optional packages of @napi-rs/cli, which a registry answering 404 for them leaves out; then
# `npm install` installs from the same lock. With node_modules present, `npm install` is a quick
# no-op.
if [[ -d node_modules ]] || ! npm ci --no-audit --no-fund --loglevel=error 2>/dev/null; then
  npm install --no-audit --no-fund --loglevel=error
fi
npm run --silent build
npm run --silent typecheck
# The docs page's snippets type-check too (as JS checked against the declarations).
node -e "
const fs = require('fs')
const doc = fs.readFileSync('../docs/node.md', 'utf8')
const snippets = [...doc.matchAll(/\\x60\\x60\\x60js\\n([\\s\\S]*?)\\x60\\x60\\x60/g)].map((m) => m[1]).join('\\n')
fs.writeFileSync('test/.docs-snippets.js', '// @ts-check\\nasync function main() {\\n' + snippets + '}\\nmodule.exports = main\\n')
"
npx tsc --strict --noEmit --allowJs --checkJs --module nodenext --moduleResolution nodenext --target es2022 --lib es2022,dom test/.docs-snippets.js
# Explicit files: `node --test DIR` is not searched the same way by every Node version.
node --test test/*.test.js test/*.test.mjs
