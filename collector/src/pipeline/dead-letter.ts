import {
  DEAD_LETTER_TYPE,
  SPEC_VERSION,
  type DeadLetterData,
  type DeadLetterStage,
  type Reason,
} from '@clickstream/schema'
import { derivedUuid } from '../derived-id.js'
import type { KafkaRecord } from '../publisher.js'

/** One rejected event, or a body rejected as a whole, on its way to the dead-letter topic. */
export interface DeadLetter {
  reason: Reason
  stage: DeadLetterStage
  detail: string
  /** Position in the batch; absent for a body rejected as a whole. */
  index?: number
  /** What was received, as text: the event's JSON, or the body. */
  payload: string
  /** The parsed event, when there was one, to read its `id`, `source` and `type` from. */
  event?: unknown
}

/** Where dead letters go and how much of each payload they keep. */
export interface DeadLetterOptions {
  topic: string
  /** Payloads longer than this many UTF-8 bytes are cut. */
  maxPayloadBytes: number
}

/** The CloudEvents `source` of dead-letter records: the collector itself. */
export const DEAD_LETTER_SOURCE = 'urn:clickstream:collector'

/** `text` cut to at most `maxBytes` UTF-8 bytes, never inside a character. */
function truncate(text: string, maxBytes: number): { text: string; bytes: number; cut: boolean } {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return { text, bytes: bytes.length, cut: false }
  let end = maxBytes
  // Step back over UTF-8 continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--
  return { text: bytes.subarray(0, end).toString('utf8'), bytes: bytes.length, cut: true }
}

function stringField(event: unknown, name: string): string | undefined {
  const value =
    typeof event === 'object' && event !== null
      ? (event as Record<string, unknown>)[name]
      : undefined
  return typeof value === 'string' ? value : undefined
}

/**
 * The dead-letter record of a rejection: a CloudEvent of type `clickstream.dead_letter` in the
 * Kafka binary mode, whose value is a `DeadLetterData` (reason, stage, detail, time, the event's
 * id, source and type, and the payload, cut after `maxPayloadBytes`). Its id is derived from
 * what it describes, so a retried request yields the same record ids.
 */
export function deadLetterRecord(
  letter: DeadLetter,
  receivedAt: number,
  options: DeadLetterOptions
): KafkaRecord {
  const time = new Date(receivedAt).toISOString()
  const eventId = stringField(letter.event, 'id')
  const source = stringField(letter.event, 'source')
  const eventType = stringField(letter.event, 'type')
  const payload = truncate(letter.payload, options.maxPayloadBytes)
  const data: DeadLetterData = {
    reason: letter.reason,
    stage: letter.stage,
    detail: letter.detail,
    receivedAt: time,
    ...(letter.index !== undefined && { index: letter.index }),
    ...(eventId !== undefined && { eventId }),
    ...(source !== undefined && { source }),
    ...(eventType !== undefined && { eventType }),
    payload: payload.text,
    payloadBytes: payload.bytes,
    truncated: payload.cut,
  }
  const id = derivedUuid(
    DEAD_LETTER_TYPE,
    time,
    String(letter.index ?? ''),
    eventId ?? '',
    letter.reason,
    letter.payload
  )
  return {
    topic: options.topic,
    key: eventId ?? null,
    value: JSON.stringify(data),
    headers: {
      'content-type': 'application/json',
      ce_specversion: SPEC_VERSION,
      ce_id: id,
      ce_source: DEAD_LETTER_SOURCE,
      ce_type: DEAD_LETTER_TYPE,
      ce_time: time,
      ...(eventId !== undefined && { ce_subject: eventId }),
      ce_reason: letter.reason,
      ce_stage: letter.stage,
      ce_receivedat: time,
    },
    delivery: 'at-least-once',
  }
}
