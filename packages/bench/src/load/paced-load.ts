import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { ROUTES } from '@clickstream/schema'
import type { BatchBodies } from '../events/batch-body.js'
import { percentile } from '../system/stats.js'
import type { LoadResult } from './run-load.js'

/** A paced run: `rate` requests per second, evenly spaced, over at most `connections` sockets. */
export interface PacedLoadOptions {
  /** Base URL of the server, `http://127.0.0.1:port`. */
  url: string
  connections: number
  durationS: number
  bodies: BatchBodies
  /** Requests per second, one every `1 / rate` s. */
  rate: number
}

/**
 * Open-loop load at a steady rate: request `i` is due at `start + i / rate`, whatever happened to
 * the ones before it, and its latency runs from when it was due, so time spent waiting for a
 * free socket counts (no coordinated omission). autocannon's `overallRate` gives each connection
 * a quota per second that it fires back to back when the second starts: every connection bursts
 * at once, and the latency it reports is that of a burst, not of a server at this rate.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const { url, connections, durationS, bodies, rate } = options
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const target = new URL(ROUTES.events, url)
  const total = Math.round(rate * durationS)
  const latencies: number[] = []
  /** How late each request was issued: the generator's own delay, not the server's. */
  const lateness: number[] = []
  const statusCodes: Record<string, number> = {}
  let errors = 0
  let sent = 0
  let finished = 0
  const start = performance.now()

  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const body = bodies.next()
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          // What the SDK sends: no CORS preflight (docs/protocol.md).
          headers: {
            'content-type': 'text/plain;charset=UTF-8',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => {
            latencies.push(performance.now() - dueAt)
            const code = String(res.statusCode)
            statusCodes[code] = (statusCodes[code] ?? 0) + 1
            resolve()
          })
        }
      )
      // As autocannon's default: an answer 10 s late counts as an error, and the run goes on.
      req.setTimeout(10_000, () => req.destroy(new Error('timed out')))
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end(body)
    })

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      // Everything due by now goes out; the timer only wakes the loop up.
      while (sent < total && start + (sent * 1000) / rate <= now) {
        const dueAt = start + (sent * 1000) / rate
        lateness.push(now - dueAt)
        sent++
        void send(dueAt).then(() => {
          if (++finished === total) resolve()
        })
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - now))
    }
    tick()
  })
  const elapsedS = (performance.now() - start) / 1000
  agent.destroy()

  const requests = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0)
  return {
    connections,
    overallRate: rate,
    durationS: elapsedS,
    requests,
    non2xx: latencies.length - requests,
    errors,
    requestsPerS: requests / elapsedS,
    eventsPerS: (requests * bodies.eventsPerBatch) / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    lateP99Ms: percentile(lateness, 99),
    meanMs: latencies.reduce((sum, value) => sum + value, 0) / (latencies.length || 1),
    maxMs: percentile(latencies, 100),
    statusCodes,
  }
}
