import { REASONS, validateEvent, type CloudEvent, type Reason } from '@clickstream/schema'

/** Reasons that reject one event of a batch. */
export type EventReason = Extract<
  Reason,
  | typeof REASONS.invalidEnvelope
  | typeof REASONS.invalidData
  | typeof REASONS.eventTooLarge
  | typeof REASONS.unknownType
>

/** One rejected event, as answered to the client (docs/protocol.md, "Answers"). */
export interface Rejection {
  /** Position of the event in the batch, from 0. */
  index: number
  /** The event's `id` when it has a string one. */
  id: string | null
  reason: EventReason
  /** What is wrong, for humans; not stable. */
  detail: string
}

/** The events of a batch split into valid ones (in batch order) and rejections. */
export interface ValidatedBatch {
  valid: CloudEvent[]
  rejected: Rejection[]
}

/** Limits and switches of the validate stage. */
export interface ValidateOptions {
  maxEventBytes: number
  acceptUnknownTypes: boolean
}

function idOf(value: unknown): string | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : null
  return typeof id === 'string' ? id : null
}

/**
 * Validate stage: checks each event's size, its CloudEvents envelope and, for built-in types, its
 * data schema (`validateEvent` from `@clickstream/schema`).
 */
export function validateBatch(
  events: readonly unknown[],
  options: ValidateOptions
): ValidatedBatch {
  const valid: CloudEvent[] = []
  const rejected: Rejection[] = []
  for (const [index, value] of events.entries()) {
    const reject = (reason: EventReason, detail: string) =>
      rejected.push({ index, id: idOf(value), reason, detail })
    // Measured before the schema, so a huge event costs one stringify and no validation.
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
    if (bytes > options.maxEventBytes) {
      reject(REASONS.eventTooLarge, `${bytes} bytes, at most ${options.maxEventBytes}`)
      continue
    }
    const result = validateEvent(value)
    if (!result.ok) {
      reject(result.reason as EventReason, result.detail)
    } else if (!result.known && !options.acceptUnknownTypes) {
      reject(REASONS.unknownType, `"${result.event.type}" is not a built-in event type`)
    } else {
      valid.push(result.event)
    }
  }
  return { valid, rejected }
}
