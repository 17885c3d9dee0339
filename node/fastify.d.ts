// The Fastify plugin (see fastify.js). Typed structurally, so Fastify's own types stay the app's
// choice.
import type { AuthError, Authorized, Client, Sessions, SessionsOptions, UserInfo } from './index'

export interface SaasusAuthOptions extends SessionsOptions {
  client: Client
  /** Send a browser's page load here (303) instead of answering 401 JSON. */
  loginRedirect?: string
  /** Where `/callback` and `/logout` send the browser (default `/`). */
  redirectTo?: string
  /** Serve `/login`, `/callback` and `/logout` (default true). */
  routes?: boolean
  /** Serve native apps' sessions at `${appPrefix}/token`, `/refresh` and `/sign-out` (tokens as JSON; limited per `request.ip`). */
  appPrefix?: string
}
export interface GuardOptions {
  tenantParam?: string
  envId?: number
  requireTenant?: boolean
}
/** `app.register(saasusAuth, { client, loginUrl })`: `request.userInfo` on every request of the
 * scope but routes with `config: { saasus: false }`; `app.saasus.require(...)` for guards. */
export declare function saasusAuth(fastify: any, options: SaasusAuthOptions): Promise<void>
export { AuthError }

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `saasusAuth`. */
    userInfo: UserInfo | null
    saasus: Authorized | null
  }
  interface FastifyInstance {
    saasus: { sessions: Sessions; require(...rolesAndOptions: Array<string | GuardOptions>): (request: any, reply: any) => Promise<unknown> }
  }
}
