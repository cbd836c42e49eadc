import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { REASONS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { RequestRejectedError } from '../errors.js'
import { contentCodingOf, readBody, type BodySource } from './read-body.js'

const limits = { maxBodyBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024 }

/** A request whose body streams in `chunkBytes` pieces, counting what the reader pulled. */
function streamedRequest(bytes: Uint8Array, chunkBytes = 4096) {
  let offset = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, (offset += chunkBytes)))
    },
  })
  const request = new Request('http://c.test/', {
    method: 'POST',
    body,
    duplex: 'half',
  } as RequestInit)
  return { request, pulled: () => offset }
}

/** The same body as Node's request stream would carry it (what `@hono/node-server` reads). */
function streamedNode(bytes: Uint8Array, chunkBytes = 4096) {
  let offset = 0
  const stream = new Readable({
    read() {
      this.push(offset >= bytes.length ? null : bytes.slice(offset, (offset += chunkBytes)))
    },
  })
  return { request: stream, pulled: () => offset }
}

const sources: [
  string,
  (
    bytes: Uint8Array,
    chunkBytes?: number
  ) => {
    request: BodySource
    pulled: () => number
  },
][] = [
  ['a web Request', streamedRequest],
  ["Node's request stream", streamedNode],
]

async function rejection(promise: Promise<unknown>): Promise<RequestRejectedError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(RequestRejectedError)
  return error as RequestRejectedError
}

describe('contentCodingOf', () => {
  it.each([
    [undefined, 'identity'],
    ['identity', 'identity'],
    ['gzip', 'gzip'],
    [' X-GZIP ', 'gzip'],
    ['br', undefined],
    ['deflate', undefined],
  ])('reads %j as %s', (header, coding) => {
    expect(contentCodingOf(header)).toBe(coding)
  })
})

describe.each(sources)('readBody from %s', (_, streamedRequest) => {
  it('reads a plain body as text', async () => {
    const { request } = streamedRequest(new TextEncoder().encode('[{"a":"é"}]'), 3)
    expect(await readBody(request, limits)).toBe('[{"a":"é"}]')
  })

  it('inflates a gzip body', async () => {
    const text = JSON.stringify([{ a: 'x'.repeat(10_000) }])
    const { request } = streamedRequest(gzipSync(text))
    expect(await readBody(request, limits, 'gzip')).toBe(text)
  })

  it('answers 413 to a gzip bomb after inflating about the cap, reading little of it', async () => {
    // 200 MB of zeros: about 200 KB compressed, a thousand times the decompressed cap.
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024))
    const { request, pulled } = streamedRequest(bomb)
    const error = await rejection(
      readBody(request, { maxBodyBytes: 1024 * 1024, maxDecompressedBytes: 256 * 1024 }, 'gzip')
    )
    expect(error.code).toBe(REASONS.payloadTooLarge)
    expect(error.message).toMatch(/decompressed/)
    // zlib inflates only what was read from it, and reads only what it inflates: had it
    // inflated everything it would have pulled the whole bomb. What it pulled is stream buffers.
    expect(pulled()).toBeLessThan(bomb.length / 2)
  })

  it('caps the compressed size on its own', async () => {
    const noise = gzipSync(Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)))
    const { request } = streamedRequest(noise)
    const error = await rejection(readBody(request, { ...limits, maxBodyBytes: 1000 }, 'gzip'))
    expect(error.code).toBe(REASONS.payloadTooLarge)
  })

  it('refuses a body that is not gzip as invalid_json', async () => {
    const { request } = streamedRequest(new TextEncoder().encode('[{}]'))
    expect((await rejection(readBody(request, limits, 'gzip'))).code).toBe(REASONS.invalidJson)
  })

  it('refuses bytes that are not UTF-8', async () => {
    const { request } = streamedRequest(new Uint8Array([0x5b, 0xff, 0x5d]))
    expect((await rejection(readBody(request, limits))).code).toBe(REASONS.invalidJson)
  })

  it('drops a leading byte order mark', async () => {
    const { request } = streamedRequest(new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d]))
    expect(await readBody(request, limits)).toBe('[]')
  })

  it('refuses a UTF-16 surrogate encoded as UTF-8', async () => {
    const { request } = streamedRequest(new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]))
    expect((await rejection(readBody(request, limits))).code).toBe(REASONS.invalidJson)
  })

  it('applies the smaller cap to a plain body', async () => {
    const { request } = streamedRequest(new Uint8Array(2000).fill(0x20))
    const error = await rejection(
      readBody(request, { maxBodyBytes: 4000, maxDecompressedBytes: 1000 })
    )
    expect(error.code).toBe(REASONS.payloadTooLarge)
  })
})

describe("readBody from Node's request stream", () => {
  it('leaves the stream open past the cap, for the adapter to drain behind the 413', async () => {
    const { request } = streamedNode(new Uint8Array(200_000).fill(0x20))
    const stream = request as Readable
    const error = await rejection(
      readBody(stream, { maxBodyBytes: 4000, maxDecompressedBytes: 4000 })
    )
    expect(error.code).toBe(REASONS.payloadTooLarge)
    expect(stream.destroyed).toBe(false)
  })
})
