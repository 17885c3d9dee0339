'use strict'
// Express sign-in helpers: a middleware that authenticates the request's ID token (bearer
// header, else the cookie the callback set) into `req.userInfo`, and a handler for the callback
// URL that exchanges the temp code. Plain JS; Express itself is the app's dependency. The
// framework-free part (which token, which headers, what a refusal says) is web.js's, shared
// with the Fastify plugin.

const web = require('./web.js')

function deny(res, loginUrl, message) {
  if (loginUrl) return res.redirect(302, loginUrl)
  return res.status(401).json({ type: 'unauthorized', message })
}

/**
 * `app.use(saasusAuth(client))`: 401 JSON (or a redirect to `loginUrl`) without a valid token;
 * the end user's Referer and X-SaaSus-Referer are forwarded to the platform.
 */
function saasusAuth(client, { cookieName = web.COOKIE, loginUrl } = {}) {
  return async function saasusAuthMiddleware(req, res, next) {
    try {
      const outcome = await web.authenticate(client, req.headers, cookieName)
      if (outcome.refused) return deny(res, loginUrl, outcome.refused)
      req.userInfo = outcome.userInfo
      return next()
    } catch (e) {
      return next(e)
    }
  }
}

/** `app.get('/callback', callbackHandler(client))`: exchanges `?code=`, keeps the ID token in an
 * HttpOnly cookie and redirects to `redirectTo`. */
function callbackHandler(client, { cookieName = web.COOKIE, redirectTo = '/', secure = true } = {}) {
  return async function saasusCallback(req, res, next) {
    try {
      const outcome = await web.exchange(client, req.query.code, cookieName, secure)
      if (outcome.refused) return res.status(401).json({ type: 'unauthorized', message: outcome.refused })
      res.setHeader('set-cookie', outcome.setCookie)
      return res.redirect(303, redirectTo)
    } catch (e) {
      return next(e)
    }
  }
}

module.exports = { saasusAuth, callbackHandler }
