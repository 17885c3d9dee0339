'use strict'
// An AWS Lambda function behind an EventBridge rule on the SaaSus partner event source (pattern
// `{"source": [{"prefix": "aws.partner/saasus.io"}]}`): each event read into the operation it
// records, applied only when newer than what was applied to its tenant (delivery is unordered).
// node/test/events.test.js runs it on the emulator's events.
const events = require('saasus/events')

// The time of the last event applied per tenant. Keep it in a table (DynamoDB) in production: a
// Lambda's memory lasts only as long as its container.
const lastApplied = new Map()

exports.handler = async (event) => {
  const e = events.parse(event)
  const tenantId = e.pathParams.tenant_id ?? e.response?.id
  if (tenantId === undefined || !e.isNewerThan(lastApplied.get(tenantId))) return { applied: false, operation: e.operation }
  if (e.operation === 'CreateTenant') console.log(`new tenant ${e.response.name} (trace ${e.traceId})`)
  lastApplied.set(tenantId, e.time)
  return { applied: true, operation: e.operation, tenantId }
}
