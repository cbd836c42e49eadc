/**
 * What the bench runs as a server under load, each in a process of its own: `hono` and `hono-web`
 * are the bare framework (read the body, answer 204; see {@link isBareHono}), `hono-json` the
 * framework plus the JSON round trip every re-encoding collector makes, `collector-null` the
 * collector with a publisher that resolves at once, `collector-kafka` the collector as deployed
 * (Kafka publisher, acks=all, spool).
 */
export const SERVER_KINDS = [
  'hono',
  'hono-web',
  'hono-json',
  'collector-null',
  'collector-kafka',
] as const

/** One of {@link SERVER_KINDS}. */
export type ServerKind = (typeof SERVER_KINDS)[number]

/**
 * Hono without the collector, and without state to warm up: `hono` reads the body from Node's
 * request stream, as the collector does (the framework's ceiling); `hono-web` reads it with
 * `c.req.text()`, Hono's own API; `hono-json` reads it as `hono` does, then parses it, serializes
 * each event again and answers as the collector does (`200 {"accepted": n}`): the floor of a
 * collector that decodes events and writes each one as a record.
 */
export const isBareHono = (kind: ServerKind): boolean =>
  kind === 'hono' || kind === 'hono-web' || kind === 'hono-json'

/** Whether `kind` answers a batch with `204 No Content`; the others answer `200 {"accepted": n}`. */
export const answersNoContent = (kind: ServerKind): boolean =>
  kind === 'hono' || kind === 'hono-web'

/** How to start a server process; passed to the child as JSON in `BENCH_SERVER_SPEC`. */
export interface ServerSpec {
  kind: ServerKind
  /**
   * Node cluster workers sharing the port (round-robin by the primary); `0` runs the server in
   * the child itself.
   */
  workers: number
  /** Kafka bootstrap servers, for `collector-kafka`. */
  brokers?: string[]
  /** Topic the collector writes to. */
  topic?: string
  /** Directory for the spools (one per worker), for `collector-kafka`. */
  spoolDir?: string
}

/** Cumulative counters of a server process (or of a cluster: its primary and every worker). */
export interface ServerUsage {
  /**
   * When the snapshot was taken: `process.hrtime` in µs (CLOCK_MONOTONIC, the clock V8's CPU
   * profiles use, so a profile can be cut to a measured window).
   */
  monotonicUs: number
  /** `process.cpuUsage()` user + system, in µs. */
  cpuUs: number
  /** Event-loop active and idle time (`performance.eventLoopUtilization()`), in ms, summed. */
  loopActiveMs: number
  loopIdleMs: number
  /** Event loops measured (workers, or 1). */
  loops: number
  /** V8 heap in use now (`process.memoryUsage().heapUsed`), bytes, summed over workers. */
  heapUsedBytes: number
  /** The collector's `clickstream_events_accepted_total`, summed; 0 for bare Hono. */
  eventsAccepted: number
  /** The collector's `clickstream_events_spooled_total` (Kafka did not take them in time). */
  eventsSpooled: number
  /**
   * How late the event loop ran a timer due every 10 ms since the previous snapshot
   * (`monitorEventLoopDelay`), ms: 99th percentile and maximum, the worst of the processes'.
   */
  loopDelayMs: LoopDelay
}

/** Percentiles of the event loop's delay over an interval, ms. */
export interface LoopDelay {
  p99: number
  max: number
}

/** The worst of several processes' or rounds' delays: histograms cannot be merged afterwards. */
export const worstLoopDelay = (delays: LoopDelay[]): LoopDelay => ({
  p99: Math.max(...delays.map((delay) => delay.p99)),
  max: Math.max(...delays.map((delay) => delay.max)),
})

/** Messages from a server process to its parent. */
export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'usage'; usage: ServerUsage }
  | { type: 'failed'; message: string }

/**
 * Messages from the parent to a server process. `stop` closes the server once in-flight requests
 * are answered, then sends a last `usage` (final counters) and exits.
 */
export type ControlMessage = { type: 'usage' } | { type: 'stop' }

/** Counters of one measured interval, from two {@link ServerUsage} snapshots. */
export interface UsageDelta {
  /** The interval on the server's monotonic clock, µs. */
  window: { fromUs: number; toUs: number }
  cpuUs: number
  /** Mean event-loop utilization over the interval, 0–1 (1: the server was the bottleneck). */
  loopUtilization: number
  eventsAccepted: number
  eventsSpooled: number
  /** V8 heap in use at the end of the interval, bytes. */
  heapUsedBytes: number
  /** The event loop's delay over the interval. */
  loopDelayMs: LoopDelay
}

/** The difference `after - before` of two {@link ServerUsage} snapshots. */
export function usageDelta(before: ServerUsage, after: ServerUsage): UsageDelta {
  const active = after.loopActiveMs - before.loopActiveMs
  const idle = after.loopIdleMs - before.loopIdleMs
  return {
    window: { fromUs: before.monotonicUs, toUs: after.monotonicUs },
    cpuUs: after.cpuUs - before.cpuUs,
    loopUtilization: active + idle > 0 ? active / (active + idle) : 0,
    eventsAccepted: after.eventsAccepted - before.eventsAccepted,
    eventsSpooled: after.eventsSpooled - before.eventsSpooled,
    heapUsedBytes: after.heapUsedBytes,
    // Each snapshot starts the histogram afresh, so the later one covers the interval.
    loopDelayMs: after.loopDelayMs,
  }
}
