import type { Client, ClientOptions } from '../index'

export interface EmulatorOptions {
  apiKey?: string
  secretKey?: string
  saasId?: string
  /** How long ID and access tokens live, in seconds (default 3600). */
  tokenTtl?: number
  /** An SQLite file to keep the state in (created when missing). */
  data?: string
}

export interface Fault {
  /** Matches exactly, or as a prefix when it ends in `*` (`/v1/auth/*`). */
  path: string
  status?: number
  method?: string
  stall_ms?: number
  /** Send `Retry-After` (seconds) with `status`. */
  retry_after?: number
  /** Send `Retry-After` as the HTTP date `retry_after` seconds ahead. */
  retry_after_as_date?: boolean
  count?: number
  /** Serve the request first (its effect kept), then answer `status`: the platform did the work and a gateway failed. */
  after_applying?: boolean
  /** The JSON to answer with `status`, instead of the error JSON. */
  body?: unknown
}

/** A fault still armed: its id and the uses left. */
export interface ArmedFault extends Fault {
  readonly id: number
  readonly count: number
}

/** A request the emulator answered; secrets in its query shown as `***`. */
export interface SeenRequest {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly user_agent: string | null
  readonly trace_id: string | null
  /** The `Referer` it was sent (a backend forwarding its end user's page). */
  readonly referer: string | null
  /** The `X-SaaSus-Referer` it was sent. */
  readonly x_saasus_referer: string | null
}

/** A running emulator of the SaaSus Platform on 127.0.0.1, served by this package. */
export interface Emulator {
  readonly baseUrl: string
  readonly apiKey: string
  readonly secretKey: string
  readonly saasId: string
  /** The four SAASUS_* variables that point an SDK at it. */
  readonly env: Record<'SAASUS_BASE_URL' | 'SAASUS_API_KEY' | 'SAASUS_SECRET_KEY' | 'SAASUS_SAAS_ID', string>
  options(overrides?: Partial<ClientOptions>): ClientOptions
  client(overrides?: Partial<ClientOptions>): Client
  /** Arms a fault; resolves to its id. A fault breaking a rule rejects with InvalidArgumentError naming the field. */
  fault(fault: Fault): Promise<number>
  /** The faults still armed, oldest first. */
  faults(): Promise<ArmedFault[]>
  /** Disarms every fault. */
  clearFaults(): Promise<void>
  /** The code the login page would send to the callback URL after this user signs in (`state` beside it). */
  signInCode(username: string, password: string, options?: { state?: string }): Promise<string>
  /** What the emulator was sent, oldest first (at most the last 1000). */
  requests(): Promise<SeenRequest[]>
  /** Forgets the request log. */
  clearRequests(): Promise<void>
  stop(): Promise<void>
}

export function startEmulator(options?: EmulatorOptions): Promise<Emulator>
