'use strict'
// What the Express middleware and the Fastify plugin share, framework-free: the ID token of a
// request (bearer header, else the cookie the callback set, read with the `cookie` package), its
// authentication with the end user's Referer and X-SaaSus-Referer forwarded, and the callback's
// code exchange into an HttpOnly cookie.

const cookie = require('cookie')
const { bearerToken, UnauthorizedError, SaasusError } = require('./index.js')

const COOKIE = 'saasus_id_token'

function header(headers, name) {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** `{ userInfo }`, or `{ refused: why }` for a missing or refused token; other errors throw. */
async function authenticate(client, headers, cookieName) {
  const token = bearerToken(header(headers, 'authorization')) ?? cookie.parse(header(headers, 'cookie') ?? '')[cookieName]
  if (!token) return { refused: 'no ID token: sign in first' }
  const scoped = client.withContext({ referer: header(headers, 'referer'), xSaasusReferer: header(headers, 'x-saasus-referer') })
  try {
    return { userInfo: await scoped.authenticate(token) }
  } catch (e) {
    if (e instanceof UnauthorizedError) return { refused: e.detail }
    throw e
  }
}

/** `{ setCookie }` (the Set-Cookie header keeping the ID token), or `{ refused: why }`. */
async function exchange(client, code, cookieName, secure) {
  try {
    const creds = await client.exchangeTempCode(String(code ?? ''))
    return { setCookie: cookie.serialize(cookieName, creds.id_token, { httpOnly: true, secure, sameSite: 'lax', path: '/' }) }
  } catch (e) {
    if (e instanceof SaasusError) return { refused: e.detail }
    throw e
  }
}

module.exports = { COOKIE, authenticate, exchange }
