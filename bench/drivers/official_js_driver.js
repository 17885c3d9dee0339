'use strict'
// The official SaaSus JS SDK (saasus-platform/saasus-sdk-javascript) driven like our Node driver:
// `node official_js_driver.js PACKAGE_DIR TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP`,
// credentials from SAASUS_* and the API's origin from SAASUS_API_URL_BASE, as that SDK reads them.
// Calls in flight are promises on the one JS thread, over one AuthClient (one axios instance).
// Run by bench/run.py only with the copy it installed (--official-js): never a dependency of ours.

const { measure, driverArgs } = require('./phases')
const { pkg, tenantId, settings } = driverArgs(process.argv.slice(2))
const { AuthClient } = require(pkg)

async function main() {
  const tenants = new AuthClient().tenantApi
  const result = await measure(async () => (await tenants.getTenant(tenantId)).data.id, tenantId, settings)
  console.log(JSON.stringify(result))
}

main().catch((e) => {
  console.error(`official-js-driver: ${e.stack || e}`)
  process.exit(1)
})
