import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCollectorServer, type CollectorServer } from './server.js'
import { pageView } from './testing/events.js'
import { createMemoryPublisher } from './testing/memory-publisher.js'

const logger = pino({ enabled: false })
const servers: CollectorServer[] = []

async function start(options: Parameters<typeof startCollectorServer>[0] = {}) {
  const publisher = createMemoryPublisher()
  const server = await startCollectorServer({
    host: '127.0.0.1',
    port: 0,
    publisher,
    logger,
    ...options,
  })
  servers.push(server)
  return { server, publisher }
}

let spoolDir: string

beforeEach(async () => {
  spoolDir = await mkdtemp(path.join(os.tmpdir(), 'server-test-spool-'))
})

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  await rm(spoolDir, { recursive: true, force: true })
})

/** POSTs `totalBytes` in chunks with chunked transfer encoding (no Content-Length). */
function postChunked(url: string, totalBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
    })
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    // The server may cut the upload short once it has answered.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error)
    })
    const chunk = Buffer.alloc(64 * 1024, 'x')
    let sent = 0
    const write = () => {
      while (sent < totalBytes) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      req.end()
    }
    write()
  })
}

describe('startCollectorServer', () => {
  it('listens on a free port when asked for port 0 and reports its URL', async () => {
    const { server } = await start()
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    const response = await fetch(`${server.url}/healthz`)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('accepts a batch over real HTTP', async () => {
    const { server, publisher } = await start()
    const response = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      body: JSON.stringify([pageView()]),
    })
    expect(response.status).toBe(200)
    // The event, and the start of its session on the sessions topic.
    expect(publisher.records.map((r) => r.topic)).toEqual([
      'clickstream.sessions',
      'clickstream.events',
    ])
  })

  it('refuses a chunked body without Content-Length once it exceeds the limit', async () => {
    const { server, publisher } = await start()
    expect(await postChunked(server.url, 2 * 1024 * 1024)).toBe(413)
    expect(publisher.calls).toBe(0)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('lets in-flight requests finish on close, then stops accepting', async () => {
    const { server, publisher } = await start()
    const release = publisher.hold()
    const inFlight = fetch(`${server.url}/v1/events`, {
      method: 'POST',
      body: JSON.stringify([pageView()]),
    })
    await expect.poll(() => publisher.calls).toBe(1)
    const closed = server.close()
    release()
    expect((await inFlight).status).toBe(200)
    await closed
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    expect(publisher.closed).toBe(false)
  })

  it('returns the same promise when closed twice', async () => {
    const { server } = await start()
    expect(server.close()).toBe(server.close())
  })

  it('creates and closes its own Kafka publisher without touching Kafka until a request', async () => {
    const server = await startCollectorServer({
      host: '127.0.0.1',
      port: 0,
      brokers: ['127.0.0.1:1'],
      spoolDir,
      logger,
    })
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({
      status: 'ready',
      kafka: 'available',
      spool: 'available',
      backlog: false,
      stopping: false,
    })
    await expect(server.close()).resolves.toBeUndefined()
  })

  it('refuses to start on a spool directory another live process uses', async () => {
    await writeFile(path.join(spoolDir, 'spool.lock'), String(process.ppid))
    await expect(
      startCollectorServer({
        host: '127.0.0.1',
        port: 0,
        brokers: ['127.0.0.1:1'],
        spoolDir,
        logger,
      })
    ).rejects.toMatchObject({ code: 'spool_locked' })
  })

  it('frees its spool directory when it cannot listen', async () => {
    const { server } = await start()
    const options = { host: '127.0.0.1', brokers: ['127.0.0.1:1'], spoolDir, logger }
    await expect(startCollectorServer({ ...options, port: server.port })).rejects.toThrow(
      /EADDRINUSE/
    )
    const second = await startCollectorServer({ ...options, port: 0 })
    await second.close()
  })

  it('fails to start when the port is taken', async () => {
    const { server } = await start()
    await expect(start({ port: server.port })).rejects.toThrow(/EADDRINUSE/)
  })
})
