'use strict'
// An Express endpoint for `saasus listen --forward-to http://localhost:3000/saasus-events`: each
// event's signature checked with the secret `listen` printed (SAASUS_LISTEN_SECRET here), then
// read. node/test/events.test.js serves it and runs `saasus listen` against it.
const express = require('express')
const saasus = require('saasus')
const events = require('saasus/events')

const received = []
const app = express()
// The raw body: the signature is over the exact bytes sent.
app.post('/saasus-events', express.raw({ type: 'application/json' }), (req, res) => {
  try {
    events.verify(req.body, req.get(events.SIGNATURE_HEADER), process.env.SAASUS_LISTEN_SECRET)
  } catch (e) {
    if (e instanceof saasus.InvalidArgumentError) return res.status(400).send('not an event saasus listen signed')
    throw e
  }
  const event = events.parse(req.body)
  received.push(event)
  res.json({ operation: event.operation })
})

module.exports = { app, received }
