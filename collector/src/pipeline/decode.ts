import { CONTENT_TYPES, REASONS } from '@clickstream/schema'
import type { RequestReason } from '../errors.js'

/** A media type `POST /v1/events` accepts. */
export type MediaType = (typeof CONTENT_TYPES)[keyof typeof CONTENT_TYPES]

const accepted: ReadonlySet<string> = new Set(Object.values(CONTENT_TYPES))

/**
 * The accepted media type named by a `Content-Type` header, without its parameters
 * (`text/plain;charset=UTF-8` is `text/plain`), or `undefined` when it is not one we accept.
 */
export function mediaTypeOf(contentType: string | undefined): MediaType | undefined {
  // RFC 9110 §8.3.1: type and subtype are case-insensitive; parameters follow a `;`.
  const essence = contentType?.split(';', 1)[0]?.trim().toLowerCase()
  return essence !== undefined && accepted.has(essence) ? (essence as MediaType) : undefined
}

/** The events of a request body, or why the body as a whole is unusable. */
export type DecodeResult =
  { ok: true; events: unknown[] } | { ok: false; reason: RequestReason; message: string }

/** Limits that apply to a body as a whole. */
export interface DecodeLimits {
  maxBatchEvents: number
}

/** What each media type carries (docs/protocol.md, `POST /v1/events`). */
const shapes: Record<MediaType, 'array' | 'object' | 'either'> = {
  [CONTENT_TYPES.text]: 'array',
  // CloudEvents JSON format §4: a batch is a JSON array of structured events.
  [CONTENT_TYPES.batch]: 'array',
  // CloudEvents HTTP binding §3.2: structured mode carries one event.
  [CONTENT_TYPES.structured]: 'object',
  [CONTENT_TYPES.json]: 'either',
}

const fail = (reason: RequestReason, message: string): DecodeResult => ({
  ok: false,
  reason,
  message,
})

/**
 * Decode stage: parses a request body of the given media type into its events, still unvalidated.
 */
export function decodeBatch(
  body: string,
  mediaType: MediaType,
  limits: DecodeLimits
): DecodeResult {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return fail(REASONS.invalidJson, 'the body is not valid JSON')
  }
  const shape = shapes[mediaType]
  const isArray = Array.isArray(parsed)
  const isObject = typeof parsed === 'object' && parsed !== null && !isArray
  if (
    (shape === 'array' && !isArray) ||
    (shape === 'object' && !isObject) ||
    !(isArray || isObject)
  ) {
    const expected = { array: 'a JSON array of events', object: 'one event (a JSON object)' }
    const description = shape === 'either' ? 'an event or an array of events' : expected[shape]
    return fail(REASONS.invalidBatch, `${mediaType} expects ${description}`)
  }
  const events: unknown[] = isArray ? (parsed as unknown[]) : [parsed]
  if (events.length === 0) return fail(REASONS.emptyBatch, 'the batch has no events')
  if (events.length > limits.maxBatchEvents) {
    return fail(
      REASONS.tooManyEvents,
      `the batch has ${events.length} events, at most ${limits.maxBatchEvents} are accepted`
    )
  }
  return { ok: true, events }
}
