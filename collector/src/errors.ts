import { REASONS, type Reason } from '@clickstream/schema'

/** Marks collector errors across duplicate copies of this package, where `instanceof` fails. */
const brand = Symbol.for('clickstream.collector.error')

/** What every collector error carries besides its message. */
export interface CollectorErrorOptions {
  /** Stable code that clients, logs and metrics key on. */
  code: string
  /** The error that caused this one. */
  cause?: unknown
  /**
   * Whether trying the same thing again later may succeed.
   * @defaultValue false
   */
  retriable?: boolean
}

/** The root of every error the collector throws on purpose. */
export class CollectorError extends Error {
  readonly code: string
  readonly retriable: boolean
  readonly [brand] = true

  constructor(message: string, { code, cause, retriable = false }: CollectorErrorOptions) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'CollectorError'
    this.code = code
    this.retriable = retriable
  }
}

/** Whether `value` is a {@link CollectorError} (from any copy of this package). */
export function isCollectorError(value: unknown): value is CollectorError {
  return typeof value === 'object' && value !== null && brand in value
}

/** The JSON body of every error answer (docs/protocol.md, "Answers"). */
export interface ErrorBody {
  error: string
  message: string
}

/** An error that is answered with its own HTTP status and a JSON `{ error, message }` body. */
export class HttpError extends CollectorError {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: number,
    message: string,
    options: CollectorErrorOptions & { headers?: Record<string, string> }
  ) {
    super(message, options)
    this.name = 'HttpError'
    this.status = status
    this.headers = options.headers ?? {}
  }

  /** The answer to send for this error. */
  getResponse(): Response {
    const body: ErrorBody = { error: this.code, message: this.message }
    return new Response(JSON.stringify(body), {
      status: this.status,
      headers: { 'content-type': 'application/json', ...this.headers },
    })
  }
}

/** Reasons that reject a request as a whole (as opposed to one event of a batch). */
export type RequestReason = Extract<
  Reason,
  | typeof REASONS.invalidJson
  | typeof REASONS.invalidBatch
  | typeof REASONS.emptyBatch
  | typeof REASONS.tooManyEvents
  | typeof REASONS.payloadTooLarge
  | typeof REASONS.unsupportedMediaType
  | typeof REASONS.originNotAllowed
>

/** HTTP status of each request-level reason (docs/protocol.md, "Answers"). */
const statusOf: Record<RequestReason, number> = {
  [REASONS.invalidJson]: 400,
  [REASONS.invalidBatch]: 400,
  [REASONS.emptyBatch]: 400,
  [REASONS.tooManyEvents]: 400,
  [REASONS.originNotAllowed]: 403,
  [REASONS.payloadTooLarge]: 413,
  [REASONS.unsupportedMediaType]: 415,
}

/** A request refused as a whole: nothing of it was stored, and the client should not retry it. */
export class RequestRejectedError extends HttpError {
  declare readonly code: RequestReason

  constructor(reason: RequestReason, message: string, headers?: Record<string, string>) {
    super(statusOf[reason], message, { code: reason, headers })
    this.name = 'RequestRejectedError'
  }
}

/** Kafka did not acknowledge the events: answered 503 with `Retry-After`, the client retries. */
export class UnavailableError extends HttpError {
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number, cause?: unknown) {
    super(503, 'the events were not stored; retry later with the same ids', {
      code: 'unavailable',
      cause,
      retriable: true,
      headers: { 'retry-after': String(retryAfterSeconds) },
    })
    this.name = 'UnavailableError'
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** Publishing to Kafka failed or timed out; nothing is known to be stored. */
export class PublishError extends CollectorError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'publish_failed', cause, retriable: true })
    this.name = 'PublishError'
  }
}

/** The bounded produce queue is full: Kafka takes events slower than they arrive. */
export class QueueFullError extends CollectorError {
  readonly maxBytes: number

  constructor(maxBytes: number) {
    super(`the produce queue holds its limit of ${maxBytes} bytes`, {
      code: 'queue_full',
      retriable: true,
    })
    this.name = 'QueueFullError'
    this.maxBytes = maxBytes
  }
}

/** Why the spool refused: full, a disk error, the directory in use by another process, closed. */
export type SpoolErrorCode = 'spool_full' | 'spool_failed' | 'spool_locked' | 'spool_closed'

/** The local spool could not store records; `dir` is its directory. */
export class SpoolError extends CollectorError {
  declare readonly code: SpoolErrorCode
  readonly dir: string

  constructor(code: SpoolErrorCode, dir: string, message: string, cause?: unknown) {
    // A full spool drains once Kafka is back; a failed disk may recover. The others will not.
    const retriable = code === 'spool_full' || code === 'spool_failed'
    super(message, { code, cause, retriable })
    this.name = 'SpoolError'
    this.dir = dir
  }
}

/** A configuration value is invalid; `variable` names the environment variable or option. */
export class ConfigError extends CollectorError {
  readonly variable: string

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`, { code: 'invalid_config' })
    this.name = 'ConfigError'
    this.variable = variable
  }
}
