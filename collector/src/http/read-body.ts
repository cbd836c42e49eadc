import { isUtf8 } from 'node:buffer'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { createGunzip } from 'node:zlib'
import { REASONS } from '@clickstream/schema'
import { RequestRejectedError } from '../errors.js'

/** The content codings the collector decodes (RFC 9110 §8.4.1). */
export type ContentCoding = 'identity' | 'gzip'

/** Caps on a request body, on the wire and once decoded. */
export interface BodyLimits {
  /** Most bytes read from the connection (compressed, for a gzip body). */
  maxBodyBytes: number
  /** Most bytes of the decoded body: a small gzip body may inflate far past `maxBodyBytes`. */
  maxDecompressedBytes: number
}

/**
 * The coding named by a `Content-Encoding` header, or `undefined` for one the collector does not
 * decode (answered 415, RFC 9110 §15.5.16). `x-gzip` is gzip (RFC 9110 §8.4.1.3).
 */
export function contentCodingOf(header: string | undefined): ContentCoding | undefined {
  const coding = header?.trim().toLowerCase()
  if (coding === undefined || coding === '' || coding === 'identity') return 'identity'
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip'
  return undefined
}

/** The 413 answer for a body over `maxBytes`. */
export function payloadTooLarge(maxBytes: number, what = 'the body'): RequestRejectedError {
  return new RequestRejectedError(REASONS.payloadTooLarge, `${what} is over ${maxBytes} bytes`)
}

/**
 * Where a body is read from: the web `Request`, or Node's request stream itself when the collector
 * runs on `@hono/node-server` and nothing has read it yet (see `bodySourceOf`). Reading Node's
 * stream skips the web stream the adapter wraps around it: about 100 µs of CPU per request, as
 * much as the rest of bare Hono's handling.
 */
export type BodySource = Request | Readable

function utf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    throw new RequestRejectedError(REASONS.invalidJson, 'the body is not UTF-8 text')
  }
  // A leading byte order mark is dropped (RFC 8259 §8.1 lets parsers ignore it).
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  return bytes.toString('utf8', bom ? 3 : 0)
}

/** The body as a Node stream (a web body is wrapped); undefined when there is none. */
function nodeStreamOf(source: BodySource): Readable | undefined {
  if (source instanceof Readable) return source
  return source.body ? Readable.fromWeb(source.body as WebReadableStream<Uint8Array>) : undefined
}

async function readPlain(source: BodySource, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  const stream = nodeStreamOf(source)
  if (stream) {
    // Node's own request stream stays open when reading stops early: the adapter drains what is
    // left once the 413 is answered, and the connection can go on. A wrapped web body is cancelled.
    for await (const chunk of stream.iterator({ destroyOnReturn: stream !== source })) {
      size += (chunk as Buffer).length
      if (size > maxBytes) throw payloadTooLarge(maxBytes)
      chunks.push(chunk as Buffer)
    }
  }
  return Buffer.concat(chunks, size)
}

/** Counts the compressed bytes going through, failing past `maxBytes`. */
function compressedCap(maxBytes: number): Transform {
  let size = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      done(size > maxBytes ? payloadTooLarge(maxBytes) : null, chunk)
    },
  })
}

/**
 * Inflates a gzip body as it streams in, stopping as soon as more than `maxDecompressedBytes`
 * came out: zlib inflates on demand (it waits while its output is not read), so a gzip bomb
 * costs about the cap in memory and time, never its full size.
 */
async function readGzip(source: BodySource, limits: BodyLimits): Promise<Buffer> {
  const stream = nodeStreamOf(source)
  if (!stream) return Buffer.alloc(0)
  const chunks: Buffer[] = []
  let size = 0
  // Tearing the pipeline down may surface another error (a premature close) ahead of this one.
  let refusal: RequestRejectedError | undefined
  try {
    await pipeline(
      stream,
      compressedCap(limits.maxBodyBytes),
      createGunzip(),
      async (inflated: AsyncIterable<Buffer>) => {
        for await (const chunk of inflated) {
          size += chunk.length
          if (size > limits.maxDecompressedBytes) {
            throw (refusal = payloadTooLarge(limits.maxDecompressedBytes, 'the decompressed body'))
          }
          chunks.push(chunk)
        }
      }
    )
  } catch (error) {
    if (refusal) throw refusal
    if (error instanceof RequestRejectedError) throw error
    // zlib's errors: not gzip, truncated, corrupt.
    throw new RequestRejectedError(REASONS.invalidJson, 'the body is not valid gzip')
  }
  return Buffer.concat(chunks, size)
}

/**
 * Reads a request body as UTF-8 text, decoding gzip on the way, refusing it (413
 * `payload_too_large`) as soon as more than `maxBodyBytes` arrived or, decoded, more than
 * `maxDecompressedBytes` came out, whatever `Content-Length` claimed. Bytes that are not UTF-8
 * (or not gzip) are refused as `invalid_json`, since JSON text is UTF-8 (RFC 8259 §8.1).
 */
export async function readBody(
  source: BodySource,
  limits: BodyLimits,
  coding: ContentCoding = 'identity'
): Promise<string> {
  if (coding === 'gzip') return utf8(await readGzip(source, limits))
  return utf8(await readPlain(source, Math.min(limits.maxBodyBytes, limits.maxDecompressedBytes)))
}
