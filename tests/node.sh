#!/usr/bin/env bash
# The Node suite: builds the release addon and packs what a user installs (tools/package.sh
# node), checks the declarations and the docs' snippets type-check, runs node's test runner in
# node/ against emulators the tests start; then a user's project installs only the two tarballs
# (saasus and this platform's package) and, with no cargo on the path, runs CommonJS and ES module
# tests against the emulator the addon carries and type-checks TypeScript under moduleResolution
# node16 and bundler.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/package.sh node
tarballs=("$PWD"/target/dist/node/*.tgz)

cd node
npm run --silent typecheck
# The API reference (TypeDoc, into target/docs/node), from the declarations: a warning fails it.
npm run --silent docs
# The docs page's and npm page's snippets type-check too (as JS checked against the declarations).
node -e "
const fs = require('fs')
const pages = ['../docs/node.md', 'README.md'].map((page, i) => {
  const snippets = [...fs.readFileSync(page, 'utf8').matchAll(/\x60\x60\x60js\n([\s\S]*?)\x60\x60\x60/g)].map((m) => m[1])
  return 'async function page' + i + '() { // ' + page + '\n' + snippets.join('\n') + '}\n'
})
fs.writeFileSync('test/.docs-snippets.js', '// @ts-check\n' + pages.join('') + 'module.exports = [page0, page1]\n')
"
npx tsc --strict --noEmit --allowJs --checkJs --module nodenext --moduleResolution nodenext --target es2022 --lib es2022,dom test/.docs-snippets.js
# Explicit files: `node --test DIR` is not searched the same way by every Node version.
node --test test/*.test.js test/*.test.mjs
cd ..

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp tests/packages/node/* "$scratch/"
cd "$scratch"
# check.ts again as an ES module: under node16 that reads the `import` condition's declarations.
cp check.ts check.mts
echo '{ "name": "saasus-user", "version": "1.0.0", "private": true }' >package.json
npm install --no-audit --no-fund --loglevel=error "${tarballs[@]}" typescript@5.9.3 @types/node@20
for config in tsconfig.node16.json tsconfig.bundler.json; do
  npx tsc -p "$config"
done
env -i HOME="$HOME" PATH=/usr/local/bin:/usr/bin:/bin node --test cjs.test.js esm.test.mjs
