'use strict'
// The backend of the Kotlin and Swift app-session tests: built with this project's own Express
// helper (node/express.js) in front of the emulator whose credentials and URL the test passes
// in SAASUS_* variables. It mounts the native-app endpoints at /app and a route that needs a
// bearer token at /me, prints `listening <url>` once it is up, and exits when its stdin closes
// (so a test that dies leaves no server behind).
const path = require('node:path')
const root = path.resolve(__dirname, '..', '..', 'node')
const express = require(path.join(root, 'node_modules', 'express'))
const saasus = require(root)
const { saasusAuth } = require(path.join(root, 'express.js'))

const client = new saasus.Client()
const auth = saasusAuth(client, { secure: false, appRequestsPerMinute: 0 })
const app = express()
app.use('/app', auth.appRoutes())
app.get('/me', auth, (req, res) => res.json({ email: req.userInfo.email }))
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`)
})
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
