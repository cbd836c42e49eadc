import autocannon from 'autocannon'
import { ROUTES } from '@clickstream/schema'
import type { BatchBodies } from '../events/batch-body.js'

/** One autocannon run against `POST /v1/events`. */
export interface LoadOptions {
  /** Base URL of the server, `http://127.0.0.1:port`. */
  url: string
  connections: number
  /** Seconds the run lasts; autocannon stops by itself. */
  durationS: number
  bodies: BatchBodies
  /**
   * Requests per second from all connections together; latencies are then corrected for
   * coordinated omission (autocannon's default).
   * @defaultValue as fast as the server answers
   */
  overallRate?: number
}

/** What a run measured, from the load generator's side. */
export interface LoadResult {
  connections: number
  overallRate: number | undefined
  durationS: number
  /** 2xx answers. */
  requests: number
  non2xx: number
  /** Connection errors and timeouts. */
  errors: number
  requestsPerS: number
  eventsPerS: number
  /** Latency percentiles, in ms. */
  p50Ms: number
  p99Ms: number
  meanMs: number
  maxMs: number
  statusCodes: Record<string, number>
  /**
   * Paced runs only: the 99th percentile of how late the load generator itself issued its
   * requests (its event loop behind the schedule, on the same cores as the server), in ms. A
   * request issued late counts that lateness in its latency.
   */
  lateP99Ms?: number
}

/** Runs autocannon with a fresh SDK-shaped body per request, each with unique event ids. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { url, connections, durationS, bodies, overallRate } = options
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path: ROUTES.events,
        // What the SDK sends: no CORS preflight (docs/protocol.md).
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        setupRequest: (request) => {
          request.body = bodies.next()
          return request
        },
      },
    ],
  })
  const requests = result['2xx']
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])
  )
  return {
    connections,
    overallRate,
    durationS: result.duration,
    requests,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requestsPerS: requests / result.duration,
    eventsPerS: (requests * bodies.eventsPerBatch) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.mean,
    maxMs: result.latency.max,
    statusCodes,
  }
}
