'use strict'
// The Fastify plugin, with the Express middleware's behaviour (web.js is their shared part):
// `app.register(saasusAuth, { client })` authenticates every request of the scope it is
// registered in into `request.userInfo` (401 JSON, or a redirect to `loginUrl`, without a valid
// token), and `callbackHandler(client)` is the callback URL's route handler. Fastify itself is
// the app's dependency.

const web = require('./web.js')

/** `app.register(saasusAuth, { client, cookieName?, loginUrl? })`. */
async function saasusAuth(fastify, { client, cookieName = web.COOKIE, loginUrl } = {}) {
  if (client === undefined) throw new TypeError('saasusAuth: the `client` option (a saasus.Client) is required')
  fastify.decorateRequest('userInfo', null)
  fastify.addHook('onRequest', async (request, reply) => {
    const outcome = await web.authenticate(client, request.headers, cookieName)
    if (outcome.refused) {
      if (loginUrl) return reply.redirect(loginUrl, 302)
      return reply.code(401).send({ type: 'unauthorized', message: outcome.refused })
    }
    request.userInfo = outcome.userInfo
  })
}
// As fastify-plugin marks a plugin: the hook applies to the scope that registers it, as
// `app.use()` does in Express, not to an encapsulated child of its own.
saasusAuth[Symbol.for('skip-override')] = true
saasusAuth[Symbol.for('fastify.display-name')] = 'saasus-auth'

/** `app.get('/callback', callbackHandler(client))`: exchanges `?code=`, keeps the ID token in an
 * HttpOnly cookie and redirects to `redirectTo`. */
function callbackHandler(client, { cookieName = web.COOKIE, redirectTo = '/', secure = true } = {}) {
  return async function saasusCallback(request, reply) {
    const outcome = await web.exchange(client, request.query?.code, cookieName, secure)
    if (outcome.refused) return reply.code(401).send({ type: 'unauthorized', message: outcome.refused })
    return reply.header('set-cookie', outcome.setCookie).redirect(redirectTo, 303)
  }
}

module.exports = { saasusAuth, callbackHandler }
