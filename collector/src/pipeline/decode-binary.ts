import { EXTENSIONS, REASONS } from '@clickstream/schema'
import type { DecodeResult } from './decode.js'

/** Attributes whose CloudEvents type is Integer: binary mode sends them as header text. */
const integerAttributes: ReadonlySet<string> = new Set([EXTENSIONS.sequence])

/** CloudEvents HTTP binding §3.1.3.2: header values may be percent-encoded (RFC 3986 §2.1). */
function percentDecode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** CloudEvents JSON format §3.1: JSON data when the media type is JSON or a `+json` type. */
function isJsonType(mediaType: string): boolean {
  const essence = mediaType.split(';', 1)[0]!.trim().toLowerCase()
  return essence === 'application/json' || essence.endsWith('+json')
}

/**
 * Whether a request is a CloudEvents binary-mode message: it carries the attributes in `ce-`
 * headers (HTTP binding §3.1.3), at least `ce-specversion`, and is not structured or batched.
 */
export function isBinaryMode(headers: Readonly<Record<string, string>>): boolean {
  const contentType = headers['content-type']?.toLowerCase() ?? ''
  return (
    headers['ce-specversion'] !== undefined && !contentType.startsWith('application/cloudevents')
  )
}

/**
 * Decode stage for CloudEvents HTTP binary mode (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#31-binary-content-mode):
 * each `ce-<name>` header is an attribute (§3.1.3), `Content-Type` is `datacontenttype`
 * (§3.1.1) and the body is `data` (§3.1.2), parsed when its type is JSON (or absent), kept as
 * text otherwise. Integer attributes (`seq`) are read back as numbers.
 */
export function decodeBinary(
  headers: Readonly<Record<string, string>>,
  body: string
): DecodeResult {
  const event: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith('ce-')) continue
    const attribute = name.slice(3)
    const value = percentDecode(raw)
    event[attribute] =
      integerAttributes.has(attribute) && /^\d{1,15}$/.test(value) ? Number(value) : value
  }
  const contentType = headers['content-type']
  if (contentType !== undefined) event.datacontenttype = contentType
  if (body !== '') {
    if (contentType === undefined || isJsonType(contentType)) {
      try {
        event.data = JSON.parse(body)
      } catch {
        return { ok: false, reason: REASONS.invalidJson, message: 'the data is not valid JSON' }
      }
    } else {
      event.data = body
    }
  }
  return { ok: true, events: [event] }
}
