import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import type { BatchBodies } from '../events/batch-body.js'
import { runPacedLoad } from './paced-load.js'

const bodies: BatchBodies = {
  next: () => '[{}]',
  eventsPerBatch: 1,
  bodyBytes: 4,
  eventBytes: 2,
}

let server: Server | undefined

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve))
})

/** A server that answers 204 and notes when each request arrived. */
async function recordingServer(status = 204) {
  const arrivals: number[] = []
  server = createServer((req, res) => {
    arrivals.push(performance.now())
    req.resume()
    req.on('end', () => res.writeHead(status).end())
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals }
}

describe('runPacedLoad', () => {
  it('spreads the requests over the run instead of firing each second’s quota at once', async () => {
    const { url, arrivals } = await recordingServer()
    const result = await runPacedLoad({ url, connections: 10, durationS: 1, bodies, rate: 100 })

    expect(result.requests).toBe(100)
    expect(result.non2xx + result.errors).toBe(0)
    const span = arrivals.at(-1)! - arrivals[0]!
    // 100 requests due 10 ms apart arrive over about 990 ms; a burst would take a few ms.
    expect(span).toBeGreaterThan(800)
    const firstTenth = arrivals.filter((at) => at - arrivals[0]! < 100).length
    expect(firstTenth).toBeLessThan(50)
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms)
  })

  it('tells how late the generator itself issued requests while its loop was blocked', async () => {
    const { url } = await recordingServer()
    // 60 ms in which the generator's own event loop cannot issue the requests due meanwhile.
    setTimeout(() => {
      const end = performance.now() + 60
      while (performance.now() < end);
    }, 300)
    const result = await runPacedLoad({ url, connections: 10, durationS: 1, bodies, rate: 100 })
    expect(result.lateP99Ms).toBeGreaterThanOrEqual(40)
    // Their latency runs from when they were due: the generator's delay is in it.
    expect(result.maxMs).toBeGreaterThanOrEqual(result.lateP99Ms!)
  })

  it('counts answers that are not 2xx', async () => {
    const { url } = await recordingServer(503)
    const result = await runPacedLoad({ url, connections: 2, durationS: 0.2, bodies, rate: 50 })
    expect(result.requests).toBe(0)
    expect(result.non2xx).toBe(10)
    expect(result.statusCodes).toEqual({ 503: 10 })
  })
})
