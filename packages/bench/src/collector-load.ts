import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ROUTES } from '@clickstream/schema'
import type { BatchBodies } from './events/batch-body.js'
import { countRecords } from './kafka/topics.js'
import { combinePoints, measurePoint, type PointResult } from './load/measure-point.js'
import { answersNoContent, isBareHono, type ServerKind } from './servers/protocol.js'
import { spawnServer, type ServerProcess } from './servers/spawn-server.js'

/** Where the collector's Kafka is, for `collector-kafka`. */
export interface KafkaTarget {
  brokers: string[]
  topic: string
}

/** One server to load. */
export interface ServerTarget {
  kind: ServerKind
  /**
   * Cluster workers; `0` runs the server in its process directly.
   * @defaultValue `0`
   */
  workers?: number
  /** For `collector-kafka`. */
  kafka?: KafkaTarget
}

/** How {@link benchServers} loads its servers. */
export interface ServersBenchOptions {
  servers: ServerTarget[]
  bodies: BatchBodies
  /** Connection counts, one point each. */
  connections: number[]
  /** Seconds per point, split over the rounds. */
  durationS: number
  /**
   * Each point runs as this many rounds, the servers taking turns, so that drifting load from
   * other work on the machine hits every server alike.
   */
  rounds: number
  /** Seconds of one unmeasured warm-up slice (at least one per server: the JIT compiles). */
  warmupS: number
  /**
   * Warm-up slices continue until each collector process has accepted this many events, so
   * that its bounded in-memory state (the dedup window, sessions) is full and the points
   * measure a long-running collector, not a fresh one; `0` stops after one slice.
   */
  warmupEvents: number
  /** Most seconds of warm-up per server. */
  maxWarmupS: number
  /** Also run at half the best requests/s (autocannon `overallRate`) for the latency target. */
  halfRate: boolean
  /**
   * Process id of the Kafka broker: its CPU is the bench's own, not other work on the machine
   * (and, for `collector-kafka`, reported per event).
   */
  brokerPid?: number
  /** Prints progress. */
  log: (line: string) => void
}

/** A server's points, its best one, and the half-rate point. */
export interface ServerBench {
  kind: ServerKind
  workers: number
  points: PointResult[]
  /** The point with the most requests/s. */
  best: PointResult
  halfRate: PointResult | undefined
  /** The first and the last warm-up slice: how the server changed while its state filled up. */
  warmup: { slices: number; seconds: number; events: number; first: PointResult; last: PointResult }
  /**
   * For `collector-kafka`: records the collector counted as accepted over its whole life
   * (its own `session_start` events included), and records in the topic after it stopped.
   */
  delivery?: { accepted: number; spooled: number; inTopic: number }
}

const nameOf = ({ kind, workers }: { kind: ServerKind; workers: number }) =>
  `${kind}${workers ? ` ×${workers}` : ''}`

const describe = (point: PointResult) =>
  `${point.connections} conn${point.overallRate ? ` @${point.overallRate} req/s` : ''}: ` +
  `${Math.round(point.requestsPerS)} req/s, p50 ${point.p50Ms.toFixed(1)} ms, ` +
  `p99 ${point.p99Ms.toFixed(1)} ms, ${point.cpuUsPerEvent.toFixed(1)} µs CPU/event, ` +
  `loop ${(point.loopUtilization * 100).toFixed(0)} %` +
  (point.non2xx + point.errors > 0 ? `, ${point.non2xx} non-2xx, ${point.errors} errors` : '')

/**
 * Sends one body and checks the answer, so a broken server fails the bench loudly instead of
 * producing fast numbers for error answers.
 */
export async function checkServerAnswers(
  server: ServerProcess,
  kind: ServerKind,
  bodies: BatchBodies
): Promise<void> {
  const response = await fetch(`${server.url}${ROUTES.events}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: bodies.next(),
  })
  const text = await response.text()
  if (answersNoContent(kind)) {
    if (response.status !== 204) throw new Error(`bare Hono answered ${response.status}`)
    return
  }
  let accepted: unknown
  try {
    accepted = (JSON.parse(text) as { accepted?: unknown }).accepted
  } catch {
    accepted = undefined
  }
  if (response.status !== 200 || accepted !== bodies.eventsPerBatch) {
    throw new Error(`${kind} answered ${response.status} ${text.slice(0, 500)}`)
  }
}

interface Running {
  target: Required<Omit<ServerTarget, 'kafka'>> & Pick<ServerTarget, 'kafka'>
  server: ServerProcess
  spoolDir: string | undefined
}

/**
 * Starts every server, each in a process of its own, and loads them in turns: for each
 * connection count (then at half each one's best rate), `rounds` rounds in which every server
 * gets its share of the point. Idle servers wait between their turns.
 */
export async function benchServers(options: ServersBenchOptions): Promise<ServerBench[]> {
  const { bodies, connections, durationS, rounds, warmupS, halfRate, brokerPid, log } = options
  const { warmupEvents, maxWarmupS } = options
  const running: Running[] = []
  try {
    for (const { kind, workers = 0, kafka } of options.servers) {
      const spoolDir =
        kind === 'collector-kafka'
          ? await mkdtemp(join(tmpdir(), 'clickstream-bench-spool-'))
          : undefined
      const target = { kind, workers, kafka }
      // Pushed before it starts, so that a failed start still removes its spool directory.
      const entry: Partial<Running> = { target, spoolDir }
      running.push(entry as Running)
      entry.server = await spawnServer({
        kind,
        workers,
        brokers: kafka?.brokers,
        topic: kafka?.topic,
        spoolDir,
      })
      await checkServerAnswers(entry.server, kind, bodies)
    }
    const maxConnections = Math.max(...connections)
    const measure = (entry: Running, count: number, seconds: number, overallRate?: number) =>
      measurePoint({
        server: entry.server,
        bodies,
        connections: count,
        durationS: seconds,
        overallRate,
        brokerPid,
      })
    const warmups: ServerBench['warmup'][] = []
    for (const entry of running) {
      const { kind, workers } = entry.target
      // Every worker keeps its own state and gets about its share of the events.
      const target = isBareHono(kind) ? 0 : warmupEvents * Math.max(1, workers)
      const deadline = performance.now() + maxWarmupS * 1000
      const slices: PointResult[] = []
      let events = 0
      do {
        const slice = await measure(entry, maxConnections, warmupS)
        slices.push(slice)
        events += slice.requests * bodies.eventsPerBatch
      } while (events < target && performance.now() < deadline)
      const warmup = {
        slices: slices.length,
        seconds: slices.reduce((sum, slice) => sum + slice.durationS, 0),
        events,
        first: slices[0]!,
        last: slices[slices.length - 1]!,
      }
      warmups.push(warmup)
      log(
        `  ${nameOf(entry.target)} warm-up: ${events} events in ${warmup.seconds.toFixed(0)} s, ` +
          `${warmup.first.cpuUsPerEvent.toFixed(1)} → ${warmup.last.cpuUsPerEvent.toFixed(1)} µs ` +
          `CPU/event, heap ${warmup.first.heapMb.toFixed(0)} → ${warmup.last.heapMb.toFixed(0)} MB`
      )
    }

    // One point of every server, the servers taking turns in each round.
    const interleaved = async (count: number, rateOf?: (entry: Running) => number) => {
      const perServer: PointResult[][] = running.map(() => [])
      for (let round = 0; round < rounds; round++) {
        for (const [index, entry] of running.entries()) {
          perServer[index]!.push(await measure(entry, count, durationS / rounds, rateOf?.(entry)))
        }
      }
      return perServer.map((points) => combinePoints(points, bodies.eventsPerBatch))
    }

    const points: PointResult[][] = running.map(() => [])
    for (const count of connections) {
      const results = await interleaved(count)
      results.forEach((result, index) => {
        log(`  ${nameOf(running[index]!.target)} ${describe(result)}`)
        points[index]!.push(result)
      })
    }
    const best = points.map((list) =>
      list.reduce((a, b) => (b.requestsPerS > a.requestsPerS ? b : a))
    )
    let halves: PointResult[] | undefined
    if (halfRate) {
      const rates = new Map(
        running.map((entry, index) => [
          entry,
          Math.max(1, Math.floor(best[index]!.requestsPerS / 2)),
        ])
      )
      halves = await interleaved(maxConnections, (entry) => rates.get(entry)!)
      halves.forEach((half, index) =>
        log(`  ${nameOf(running[index]!.target)} half rate ${describe(half)}`)
      )
    }

    const benches: ServerBench[] = []
    for (const [index, { target, server }] of running.entries()) {
      let delivery: ServerBench['delivery']
      if (target.kind === 'collector-kafka' && target.kafka) {
        // Stopped first: in-flight requests finish, and the final counters hold them.
        const totals = await server.stop()
        if (!totals) throw new Error('the collector exited without its final counters')
        delivery = {
          accepted: totals.eventsAccepted,
          spooled: totals.eventsSpooled,
          inTopic: await countRecords(target.kafka.brokers, target.kafka.topic),
        }
      }
      benches.push({
        kind: target.kind,
        workers: target.workers,
        points: points[index]!,
        best: best[index]!,
        halfRate: halves?.[index],
        warmup: warmups[index]!,
        delivery,
      })
    }
    return benches
  } finally {
    for (const { server, spoolDir } of running) {
      await server?.stop()
      if (spoolDir) await rm(spoolDir, { recursive: true, force: true })
    }
  }
}
