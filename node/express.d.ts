// Express sessions (see express.js). Typed structurally, so Express's own types stay the app's
// choice.
import type { AuthError, Authorized, Client, Sessions, SessionsOptions, UserInfo } from './index'

export interface SaasusAuthOptions extends SessionsOptions {
  /** Send a browser's page load here (303) instead of answering 401 JSON. */
  loginRedirect?: string
}
export interface GuardOptions {
  /** The route parameter naming the tenant (default `tenantId`); without it, any of the user's tenants. */
  tenantParam?: string
  envId?: number
  requireTenant?: boolean
}
/** An Express middleware or route handler (typed structurally: any Express version's `req` and `res`). */
export type Handler = (req: any, res: any, next: (err?: unknown) => void) => Promise<void>
export interface SaasusAuth extends Handler {
  /** A guard: one of `roles` in the route's tenant (403 otherwise); signs in if needed. */
  require(...rolesAndOptions: Array<string | GuardOptions>): Handler
  /** `GET /login`, `GET /callback`, `POST /logout` under where it is mounted. */
  routes(options?: { redirectTo?: string }): Handler
  /** `POST /token`, `/refresh`, `/sign-out` under where it is mounted: native apps' sessions (tokens as JSON; limited per `req.ip`). */
  appRoutes(): Handler
  readonly sessions: Sessions
}
/** `app.use(saasusAuth(client, { loginUrl }))`: `req.userInfo` on every request, or 401/403 JSON. */
export declare function saasusAuth(client: Client, options?: SaasusAuthOptions): SaasusAuth
export { AuthError }

declare global {
  namespace Express {
    interface Request {
      /** Set by `saasusAuth()`. */
      userInfo?: UserInfo
      saasus?: Authorized
    }
  }
}
