'use strict'
// The specs in shared/ (beside the repository, or SAASUS_SHARED_DIR), which the tests hold the
// SDK to: a changed spec fails a test that reads it, not a number written in one.
const fs = require('node:fs')
const path = require('node:path')

const SPECS = path.join(process.env.SAASUS_SHARED_DIR || path.join(__dirname, '..', '..', '..', 'shared'), 'spec')

// Each API's operation count (an `operationId:` line each), by the API's name in its file name.
function specCounts() {
  const counts = {}
  for (const file of fs.readdirSync(SPECS)) {
    const api = file.match(/^saasus-(\w+)-api\.yml$/)?.[1]
    if (!api) continue
    const text = fs.readFileSync(path.join(SPECS, file), 'utf8')
    counts[api] = text.split('\n').filter((line) => line.trimStart().startsWith('operationId:')).length
  }
  return counts
}

module.exports = { specCounts }
