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
  retry_after?: number
  count?: number
  /** Serve the request first (its effect kept), then answer `status`: the platform did the work and a gateway failed. */
  after_applying?: boolean
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
  /** Arms a fault; resolves to its id. */
  fault(fault: Fault): Promise<number>
  /** The code the login page would send to the callback URL after this user signs in. */
  signInCode(username: string, password: string): Promise<string>
  stop(): Promise<void>
}

export function startEmulator(options?: EmulatorOptions): Promise<Emulator>
