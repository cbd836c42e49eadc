import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { pageView } from '../../src/testing/events.js'

/** Steady load on a collector: how much, for how long. */
export interface LoadOptions {
  /** Base URL of the collector, on 127.0.0.1. */
  url: string
  /** Requests started per second (fewer when `concurrency` requests are already waiting). */
  ratePerSecond: number
  /** Events in each request's batch. */
  eventsPerRequest: number
  /** The load stops by itself after this long. */
  durationMs: number
  /**
   * Most requests waiting for an answer at once.
   * @defaultValue `16`
   */
  concurrency?: number
  /**
   * Sessions the events are spread over (each one a Kafka key).
   * @defaultValue `64`
   */
  sessions?: number
  /**
   * A request without an answer after this long counts as failed.
   * @defaultValue `30000`
   */
  requestTimeoutMs?: number
}

/** One request: when it went, when it was answered, how, and the ids of its events. */
export interface RequestOutcome {
  sentAt: number
  answeredAt: number
  /** HTTP status, or 0 when there was no answer (`error` says why). */
  status: number
  error?: string
  ids: string[]
}

/** A load that runs in the background until its duration is over or `stop()`. */
export interface Load {
  /** Stops starting requests, waits for the ones in flight and returns every outcome. */
  stop(): Promise<RequestOutcome[]>
  /** Resolves with every outcome once the duration is over and the last request answered. */
  readonly done: Promise<RequestOutcome[]>
  /** Outcomes so far. */
  readonly outcomes: readonly RequestOutcome[]
  /** Requests not started on schedule because `concurrency` requests were still waiting. */
  readonly skipped: number
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause
  return cause?.code ?? (error instanceof Error ? error.name : String(error))
}

/**
 * Starts a steady load of page-view batches, each event with a fresh UUID, on a loopback
 * collector. Bounded in time and concurrency; it stops by itself.
 */
export function startLoad(options: LoadOptions): Load {
  const { url, ratePerSecond, eventsPerRequest, durationMs } = options
  const { concurrency = 16, sessions = 64, requestTimeoutMs = 30_000 } = options
  const { hostname } = new URL(url)
  if (hostname !== '127.0.0.1') throw new Error(`load goes to loopback only, not ${hostname}`)

  const outcomes: RequestOutcome[] = []
  const inFlight = new Set<Promise<void>>()
  const sessionIds = Array.from({ length: sessions }, () => randomUUID())
  let stopped = false
  let sent = 0
  let skipped = 0

  async function send(): Promise<void> {
    const events = Array.from({ length: eventsPerRequest }, () => {
      const session = sessionIds[sent++ % sessions]!
      return pageView({ id: randomUUID(), sessionid: session, anonymousid: session })
    })
    const outcome: RequestOutcome = {
      sentAt: Date.now(),
      answeredAt: 0,
      status: 0,
      ids: events.map((event) => event.id),
    }
    try {
      const response = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify(events),
        signal: AbortSignal.timeout(requestTimeoutMs),
      })
      await response.arrayBuffer()
      outcome.status = response.status
    } catch (error) {
      outcome.error = errorCode(error)
    }
    outcome.answeredAt = Date.now()
    outcomes.push(outcome)
  }

  async function run(): Promise<RequestOutcome[]> {
    const startedAt = Date.now()
    const interval = 1000 / ratePerSecond
    for (let n = 0; !stopped && Date.now() - startedAt < durationMs; n++) {
      // An absolute schedule, so a slow tick does not lower the rate.
      const due = startedAt + n * interval
      if (due > Date.now()) await sleep(due - Date.now())
      if (stopped) break
      if (inFlight.size >= concurrency) {
        skipped++
        continue
      }
      const request = send().finally(() => inFlight.delete(request))
      inFlight.add(request)
    }
    await Promise.all(inFlight)
    return outcomes
  }

  const done = run()
  return {
    done,
    outcomes,
    get skipped() {
      return skipped
    },
    async stop() {
      stopped = true
      return done
    },
  }
}

/** What a load's outcomes add up to. */
export interface LoadSummary {
  requests: number
  events: number
  /** Ids of the events answered 2xx: the ones that must be in Kafka. */
  acked: Set<string>
  /** Requests by HTTP status, or by error code when unanswered. */
  answers: Record<string, number>
  /** Share of requests not answered 2xx. */
  non2xxShare: number
  /** Longest and 99th-percentile time to an answer, in ms. */
  maxLatencyMs: number
  p99LatencyMs: number
}

/** Adds up the outcomes of a load. */
export function summarize(outcomes: readonly RequestOutcome[]): LoadSummary {
  const acked = new Set<string>()
  const answers: Record<string, number> = {}
  let events = 0
  let non2xx = 0
  for (const outcome of outcomes) {
    events += outcome.ids.length
    const answer = outcome.status > 0 ? String(outcome.status) : (outcome.error ?? 'error')
    answers[answer] = (answers[answer] ?? 0) + 1
    if (outcome.status >= 200 && outcome.status < 300) {
      for (const id of outcome.ids) acked.add(id)
    } else {
      non2xx++
    }
  }
  const latencies = outcomes.map((o) => o.answeredAt - o.sentAt).sort((a, b) => a - b)
  return {
    requests: outcomes.length,
    events,
    acked,
    answers,
    non2xxShare: outcomes.length === 0 ? 0 : non2xx / outcomes.length,
    maxLatencyMs: latencies.at(-1) ?? 0,
    p99LatencyMs: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  }
}
