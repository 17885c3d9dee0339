// The Fastify plugin (see fastify.js). Typed structurally, so Fastify's own types stay the app's
// choice.
import type { Client, UserInfo } from './index'

export interface SaasusAuthOptions {
  client: Client
  /** The cookie the callback sets (default `saasus_id_token`). */
  cookieName?: string
  /** Redirect here instead of answering 401 JSON. */
  loginUrl?: string
}
export interface CallbackOptions {
  cookieName?: string
  redirectTo?: string
  /** Mark the cookie Secure (default true; false for plain-HTTP development). */
  secure?: boolean
}
/** `app.register(saasusAuth, { client })`: sets `request.userInfo` on every request of the scope. */
export declare function saasusAuth(fastify: any, options: SaasusAuthOptions): Promise<void>
export declare function callbackHandler(client: Client, options?: CallbackOptions): (request: any, reply: any) => Promise<unknown>

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `saasusAuth`. */
    userInfo: UserInfo | null
  }
}
