import { REASONS } from '@clickstream/schema'
import { RequestRejectedError } from '../errors.js'

/**
 * Reads a request body as UTF-8 text, refusing it (413 `payload_too_large`) as soon as more than
 * `maxBytes` arrived, whatever `Content-Length` claimed. Bytes that are not UTF-8 are refused as
 * `invalid_json`, since JSON text is UTF-8 (RFC 8259 §8.1).
 */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel().catch(() => {})
        throw payloadTooLarge(maxBytes)
      }
      chunks.push(value)
    }
  }
  try {
    // A leading byte order mark is dropped (RFC 8259 §8.1 lets parsers ignore it).
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, size))
  } catch {
    throw new RequestRejectedError(REASONS.invalidJson, 'the body is not UTF-8 text')
  }
}

/** The 413 answer for a body over `maxBytes`. */
export function payloadTooLarge(maxBytes: number): RequestRejectedError {
  return new RequestRejectedError(REASONS.payloadTooLarge, `the body is over ${maxBytes} bytes`)
}
