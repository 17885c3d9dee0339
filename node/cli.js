#!/usr/bin/env node
'use strict'
// The `saasus` command (`npx saasus`): the command line runs inside the addon (no second binary);
// see `saasus --help`.
const native = require('./native.js')

process.exitCode = native.cliMain(['saasus', ...process.argv.slice(2)])
