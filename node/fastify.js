'use strict'
// The Fastify plugin, with the Express middleware's behaviour over node/sessions.js:
// `app.register(saasusAuth, { client, loginUrl, … })` signs in every request of the scope it is
// registered in (routes with `config: { saasus: false }` excepted) into `request.userInfo`,
// serves `/login`, `/callback` and `/logout` (and, with `appPrefix`, the endpoints of native apps'
// sessions), and decorates `app.saasus.require(...)` for guards.
// Fastify itself is the app's dependency.

const { AuthError, guardArgs, pageLoad, callbackQuery, APP_ROUTES } = require('./sessions.js')

const OWN = ['client', 'loginRedirect', 'redirectTo', 'routes', 'appPrefix']

/** `app.register(saasusAuth, { client, loginUrl?, loginRedirect?, redirectTo?, routes?, … })`. */
async function saasusAuth(fastify, options = {}) {
  const { client, loginRedirect, redirectTo = '/', routes = true, appPrefix } = options
  if (typeof client?.sessions !== 'function') throw new TypeError('saasusAuth: the `client` option (a saasus.Client) is required')
  const sessions = client.sessions(Object.fromEntries(Object.entries(options).filter(([k]) => !OWN.includes(k))))

  // 4xx answered here; a server error thrown to Fastify's error handler, its message safe to show.
  function refuse(request, reply, e) {
    if (!(e instanceof AuthError)) throw e
    sessions.logFailure(e)
    for (const c of e.setCookies) reply.header('set-cookie', c)
    if (e.isServerError) {
      e.statusCode = e.status
      throw e
    }
    if (e.status === 401 && loginRedirect && pageLoad(request.method, request.headers.accept)) {
      return reply.redirect(loginRedirect, 303)
    }
    if (e.status === 401) reply.header('www-authenticate', 'Bearer realm="saasus"')
    return reply.code(e.status).send({ type: e.type, message: e.message })
  }

  async function signIn(request, reply) {
    const authorized = await sessions.authorize(request.raw.rawHeaders)
    for (const c of authorized.setCookies) reply.header('set-cookie', c)
    request.userInfo = authorized.user
    request.saasus = authorized
    return authorized
  }

  fastify.decorateRequest('userInfo', null)
  fastify.decorateRequest('saasus', null)
  fastify.decorate('saasus', {
    sessions,
    /** A preHandler: the user belongs to the tenant of `request.params[tenantParam]` (or any)
     * and holds one of `roles` there (in `envId`, or any env); 403 otherwise. */
    require(...args) {
      const { roles, tenantParam, envId, requireTenant } = guardArgs(args)
      return async function saasusRequire(request, reply) {
        try {
          const user = request.userInfo ?? (await signIn(request, reply)).user
          sessions.check(user, { tenantId: request.params?.[tenantParam], roles, envId, requireTenant })
        } catch (e) {
          return refuse(request, reply, e)
        }
      }
    },
  })

  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions?.config?.saasus === false) return
    try {
      await signIn(request, reply)
    } catch (e) {
      return refuse(request, reply, e)
    }
  })

  if (appPrefix !== undefined) {
    // Their own scope, whose parser keeps every body raw: the core checks its type and size.
    await fastify.register(async function saasusAppRoutes(scope) {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (request, body, done) => done(null, body))
      for (const route of APP_ROUTES) {
        scope.post(`/${route}`, { config: { saasus: false } }, async (request, reply) => {
          const a = await sessions.appRequest(route, request.body, request.ip, request.raw.rawHeaders)
          reply.code(a.status).headers(a.headers)
          return reply.send(a.body || undefined)
        })
      }
    }, { prefix: appPrefix })
  }

  if (routes) {
    const open = { config: { saasus: false } }
    fastify.get('/login', open, async (request, reply) => {
      try {
        const begun = sessions.beginSignIn()
        return reply.header('set-cookie', begun.setCookie).redirect(begun.location, 303)
      } catch (e) {
        return refuse(request, reply, e)
      }
    })
    fastify.get('/callback', open, async (request, reply) => {
      try {
        const { code, state } = callbackQuery(request.raw.url)
        const done = await sessions.completeSignIn(code, state, request.raw.rawHeaders)
        for (const c of done.setCookies) reply.header('set-cookie', c)
        return reply.redirect(redirectTo, 303)
      } catch (e) {
        return refuse(request, reply, e)
      }
    })
    fastify.post('/logout', open, async (request, reply) => {
      for (const c of sessions.signOut(request.raw.rawHeaders)) reply.header('set-cookie', c)
      return reply.redirect(redirectTo, 303)
    })
  }
}
// As fastify-plugin marks a plugin: the hook and routes apply to the scope that registers it, as
// `app.use()` does in Express, not to an encapsulated child of its own.
saasusAuth[Symbol.for('skip-override')] = true
saasusAuth[Symbol.for('fastify.display-name')] = 'saasus-auth'

module.exports = { saasusAuth, AuthError }
