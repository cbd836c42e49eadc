import { Kafka as CloudEventsKafka } from 'cloudevents'
import type { CloudEvent } from '@clickstream/schema'

/** A Kafka record as kafkajs (or any client) hands it over. */
export interface RawRecord {
  topic?: string
  partition?: number
  offset?: string
  /** Record timestamp, ms since the epoch as a string (what kafkajs gives). */
  timestamp?: string
  key: Buffer | string | null
  value: Buffer | string | null
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>
}

/** One decoded record: where it came from and the CloudEvent it carries. */
export interface ClickstreamRecord<D = unknown> {
  topic?: string
  partition?: number
  offset?: string
  /** The record key: the session's partition key. */
  key: string | null
  event: CloudEvent<D>
}

/** Extension attributes that are integers in the SDK's events; Kafka headers carry strings. */
const INTEGER_ATTRIBUTES = new Set(['seq'])

function stringHeaders(headers: RawRecord['headers']): Record<string, string> {
  const strings: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue
    strings[name] = (Array.isArray(value) ? value[0]! : value).toString()
  }
  return strings
}

/** The event of a structured-mode record that has no `time`, else null. */
function structuredWithoutTime(
  headers: Record<string, string>,
  value: RawRecord['value']
): Record<string, unknown> | null {
  if (!headers['content-type']?.startsWith('application/cloudevents+json') || value === null) {
    return null
  }
  try {
    const event: unknown = JSON.parse(value.toString())
    return typeof event === 'object' && event !== null && !('time' in event)
      ? (event as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * Decodes a record written in the CloudEvents Kafka binding, binary or structured mode
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md),
 * with the official `cloudevents` SDK, into a plain event object.
 *
 * @example
 * await consumer.run({ eachMessage: async ({ topic, partition, message }) => {
 *   const { event } = decodeRecord({ topic, partition, ...message })
 * }})
 */
export function decodeRecord<D = unknown>(record: RawRecord): ClickstreamRecord<D> {
  const key = record.key === null ? null : record.key.toString()
  const headers = stringHeaders(record.headers)
  // The binding fills `time` from the record timestamp when the event has none.
  const timestamp = record.timestamp ?? String(Date.now())
  const toEvent = (value: RawRecord['value']) =>
    CloudEventsKafka.toEvent({
      key: key ?? '',
      value: value ?? undefined,
      headers,
      timestamp,
    } as unknown as Parameters<typeof CloudEventsKafka.toEvent>[0])
  let decoded: ReturnType<typeof toEvent>
  try {
    decoded = toEvent(record.value)
  } catch (error) {
    // The SDK (10.x) fills a missing `time` in binary mode only: a structured event without one
    // throws a RangeError. Such an event gets the record timestamp, as in binary mode.
    const event = error instanceof RangeError ? structuredWithoutTime(headers, record.value) : null
    if (!event) throw error
    decoded = toEvent(JSON.stringify({ ...event, time: new Date(Number(timestamp)).toISOString() }))
  }
  const single = (Array.isArray(decoded) ? decoded[0] : decoded) as unknown as
    { toJSON(): Record<string, unknown>; partitionkey?: unknown } | undefined
  if (!single) throw new TypeError('the record holds no CloudEvent')
  const event = { ...single.toJSON() }
  delete event.partitionkey
  if (single.partitionkey !== undefined) event.partitionkey = String(single.partitionkey)
  for (const name of INTEGER_ATTRIBUTES) {
    if (typeof event[name] === 'string' && /^\d+$/.test(event[name])) {
      event[name] = Number(event[name])
    }
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key,
    event: event as CloudEvent<D>,
  }
}
