// The platform's events (see events.js).

/** A SaaSus event, read. */
export interface SaasusEvent {
  readonly id: string
  /** RFC 3339, UTC, whole seconds. */
  readonly time: string
  /** The operation in snake case, as the event says (`create_tenant`). */
  readonly eventType: string
  /** The operationId (`CreateTenant`); undefined for one newer than this SDK. */
  readonly operation: string | undefined
  readonly api: string | undefined
  /** The operation's method name (`createTenant`). */
  readonly name: string | undefined
  /** The ids in the request's path, by parameter name (`tenant_id`). */
  readonly pathParams: Record<string, string>
  readonly status: number
  readonly traceId: string
  /** The request body as JSON (the operation's input). */
  readonly request: any
  /** The answer's body as JSON (the operation's output). */
  readonly response: any
  /** The whole EventBridge envelope, unknown fields too. */
  readonly envelope: Record<string, any>
  /** The API log inside `detail.event`. */
  readonly call: Record<string, any>
  /** Whether to apply this event over the one applied at `lastTime`. */
  isNewerThan(lastTime: string | undefined | null): boolean
}

export declare const SIGNATURE_HEADER: 'saasus-signature'
/** Reads an event: the envelope (object, JSON text or bytes) or its `detail` alone. */
export declare function parse(body: string | Uint8Array | object): SaasusEvent
/** Checks `saasus listen`'s signature header; throws `InvalidArgumentError` naming the failed check. */
export declare function verify(body: string | Uint8Array, signature: string | undefined | null, secret: string, options?: { toleranceSeconds?: number }): void
/** The events sorted by their `time`, then id. */
export declare function inOrder(events: Iterable<SaasusEvent>): SaasusEvent[]
