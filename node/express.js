'use strict'
// Express sign-in helpers: a middleware that authenticates the request's ID token (bearer
// header, else the cookie the callback set) into `req.userInfo`, and a handler for the callback
// URL that exchanges the temp code. Plain JS; Express itself is the app's dependency.

const { bearerToken, UnauthorizedError, SaasusError } = require('./index.js')

function readCookie(header, name) {
  for (const part of String(header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

function deny(res, loginUrl, message) {
  if (loginUrl) return res.redirect(302, loginUrl)
  return res.status(401).json({ type: 'unauthorized', message })
}

/**
 * `app.use(saasusAuth(client))`: 401 JSON (or a redirect to `loginUrl`) without a valid token;
 * the end user's Referer and X-SaaSus-Referer are forwarded to the platform.
 */
function saasusAuth(client, { cookieName = 'saasus_id_token', loginUrl } = {}) {
  return async function saasusAuthMiddleware(req, res, next) {
    const token = bearerToken(req.headers.authorization) ?? readCookie(req.headers.cookie, cookieName)
    if (!token) return deny(res, loginUrl, 'no ID token: sign in first')
    const scoped = client.withContext({ referer: req.headers.referer, xSaasusReferer: req.headers['x-saasus-referer'] })
    try {
      req.userInfo = await scoped.authenticate(token)
      return next()
    } catch (e) {
      if (e instanceof UnauthorizedError) return deny(res, loginUrl, e.detail)
      return next(e)
    }
  }
}

/** `app.get('/callback', callbackHandler(client))`: exchanges `?code=`, keeps the ID token in an
 * HttpOnly cookie and redirects to `redirectTo`. */
function callbackHandler(client, { cookieName = 'saasus_id_token', redirectTo = '/', secure = true } = {}) {
  return async function saasusCallback(req, res, next) {
    try {
      const creds = await client.exchangeTempCode(String(req.query.code ?? ''))
      res.cookie(cookieName, creds.id_token, { httpOnly: true, secure, sameSite: 'lax' })
      return res.redirect(303, redirectTo)
    } catch (e) {
      if (e instanceof SaasusError) return res.status(401).json({ type: 'unauthorized', message: e.detail })
      return next(e)
    }
  }
}

module.exports = { saasusAuth, callbackHandler }
