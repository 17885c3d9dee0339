'use strict'
// The package's layout is the napi-rs one: a main package with the JS, the declarations and the
// loader, and one package per platform (npm/<platform>) for the prebuilt addon, all at the
// workspace version.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))

test('npm pack ships the JS, the declarations and the loader', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
  const files = packed.files.map((f) => f.path)
  for (const f of ['index.js', 'index.mjs', 'index.d.ts', 'errors.js', 'error-classes.js', 'native.js', 'express.js', 'express.mjs', 'express.d.ts',
    'testing/index.js', 'testing/index.mjs', 'testing/index.d.ts', 'package.json']) {
    assert.ok(files.includes(f), `${f} is packed: ${files.join(', ')}`)
  }
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('npm/')), 'tests and platform packages stay out')
})

test('one platform package per napi target, at the package version', () => {
  const triples = { 'x86_64-unknown-linux-gnu': 'linux-x64-gnu', 'aarch64-unknown-linux-gnu': 'linux-arm64-gnu', 'x86_64-unknown-linux-musl': 'linux-x64-musl', 'aarch64-unknown-linux-musl': 'linux-arm64-musl', 'x86_64-apple-darwin': 'darwin-x64', 'aarch64-apple-darwin': 'darwin-arm64', 'x86_64-pc-windows-msvc': 'win32-x64-msvc' }
  for (const target of pkg.napi.targets) {
    const dir = path.join(root, 'npm', triples[target])
    const platform = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    assert.equal(platform.name, `saasus-${triples[target]}`)
    assert.equal(platform.version, pkg.version)
    assert.deepEqual(platform.files, [`saasus.${triples[target]}.node`])
  }
})
