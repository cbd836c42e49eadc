import type { RoutedEvent } from '../pipeline/route.js'
import type { KafkaRecord } from '../publisher.js'

/**
 * CloudEvents JSON format §3.1: data is JSON when `datacontenttype` is absent, `application/json`
 * or a `+json` suffix type (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md#31-handling-of-data).
 */
function isJson(mediaType: string): boolean {
  const essence = mediaType.split(';', 1)[0]!.trim().toLowerCase()
  return essence === 'application/json' || essence.endsWith('+json')
}

function headerValue(value: unknown): string {
  // Kafka binding §3.2.3: header values are UTF-8 strings; attributes are scalars (§3.1.1).
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** How an event is laid out in a record (CloudEvents Kafka binding §3.2 binary, §3.3 structured). */
export type RecordMode = 'binary' | 'structured'

/**
 * Encodes a routed event as a Kafka record in the CloudEvents Kafka protocol binding. Binary
 * content mode (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md#32-binary-content-mode):
 * key = `partitionkey` (§3.1), value = `data`, `content-type` = `datacontenttype` (§3.2.1), and
 * one `ce_<name>` header per other attribute (§3.2.3), as docs/protocol.md describes. Structured
 * mode (§3.3) puts the whole event, as JSON, in the value with `content-type:
 * application/cloudevents+json; charset=UTF-8`. The route's `delivery` travels with the record.
 */
export function toKafkaRecord(
  { topic, event, delivery }: RoutedEvent,
  mode: RecordMode = 'binary'
): KafkaRecord {
  const key = headerValue(event.partitionkey)
  if (mode === 'structured') {
    return {
      topic,
      key,
      value: JSON.stringify(event),
      headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
      delivery,
    }
  }
  const { data, datacontenttype } = event
  const contentType = datacontenttype ?? 'application/json'
  const headers: Record<string, string> = { 'content-type': contentType }
  for (const name in event) {
    const value = event[name]
    if (value !== undefined && name !== 'data' && name !== 'datacontenttype') {
      headers[`ce_${name}`] = headerValue(value)
    }
  }
  let value: string | null
  if (data === undefined) {
    // Kafka binding §3.2.2 (1.0.3): an event without data is a record without value.
    value = null
  } else if (!isJson(contentType) && typeof data === 'string') {
    // JSON format §3.1: non-JSON data travels as a string; its bytes are the value as-is.
    value = data
  } else {
    value = JSON.stringify(data)
  }
  return { topic, key, value, headers, delivery }
}
