// Express sign-in helpers (see express.js). Typed structurally, so Express's own types stay the
// app's choice.
import type { Client, UserInfo } from './index'

export interface SaasusAuthOptions {
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
type Handler = (req: any, res: any, next: (err?: unknown) => void) => Promise<void>
export declare function saasusAuth(client: Client, options?: SaasusAuthOptions): Handler
export declare function callbackHandler(client: Client, options?: CallbackOptions): Handler

declare global {
  namespace Express {
    interface Request {
      /** Set by `saasusAuth()`. */
      userInfo?: UserInfo
    }
  }
}
