/**
 * Entry of a server process under load (forked by `spawn-server.ts`, never imported): starts the
 * server that `BENCH_SERVER_SPEC` names on 127.0.0.1, reports its port, and answers `usage` and
 * `stop` over the IPC channel. With `workers > 0` it is a cluster primary that relays them.
 */
import cluster, { type Worker } from 'node:cluster'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { isUtf8 } from 'node:buffer'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import { createMetrics, startCollectorServer, type Publisher } from '@clickstream/collector'
import { ROUTES } from '@clickstream/schema'
import {
  isBareHono,
  worstLoopDelay,
  type ControlMessage,
  type ServerKind,
  type ServerMessage,
  type ServerSpec,
  type ServerUsage,
} from './protocol.js'

interface Running {
  port: number
  counters(): Promise<Pick<ServerUsage, 'eventsAccepted' | 'eventsSpooled'>>
  close(): Promise<void>
}

const spec = JSON.parse(process.env.BENCH_SERVER_SPEC ?? '{}') as ServerSpec

function send(message: ServerMessage): void {
  process.send?.(message)
}

const DELAY_RESOLUTION_MS = 10
const loopDelay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS })
loopDelay.enable()

/** This process's counters; the event loop's delay is since the previous call. */
function ownUsage(): Omit<ServerUsage, 'eventsAccepted' | 'eventsSpooled'> {
  const { user, system } = process.cpuUsage()
  const { active, idle } = performance.eventLoopUtilization()
  // The histogram holds the intervals between the timer's runs, in ns: the delay is the excess.
  const lateMs = (intervalNs: number) =>
    loopDelay.count > 0 ? Math.max(0, intervalNs / 1e6 - DELAY_RESOLUTION_MS) : 0
  const loopDelayMs = { p99: lateMs(loopDelay.percentile(99)), max: lateMs(loopDelay.max) }
  loopDelay.reset()
  return {
    loopDelayMs,
    monotonicUs: Number(process.hrtime.bigint() / 1000n),
    cpuUs: user + system,
    loopActiveMs: active,
    loopIdleMs: idle,
    loops: 1,
    heapUsedBytes: process.memoryUsage().heapUsed,
  }
}

async function startHono(kind: ServerKind): Promise<Running> {
  const app = new Hono<{ Bindings: { incoming: IncomingMessage } }>()
  // The framework's ceiling: the same route and body read as the collector, nothing else. The
  // collector reads Node's request stream (`c.env.incoming`); `hono-web` reads the body with
  // Hono's own `c.req.text()`, whose web stream costs about 100 µs more per request.
  app.post(ROUTES.events, async (c) => {
    if (kind === 'hono-web') {
      await c.req.text()
      return c.body(null, 204)
    }
    const chunks: Buffer[] = []
    for await (const chunk of c.env.incoming) chunks.push(chunk as Buffer)
    const bytes = Buffer.concat(chunks)
    // As the collector's readBody: checked as UTF-8, then decoded.
    const text = isUtf8(bytes) ? bytes.toString('utf8') : ''
    if (kind === 'hono') return c.body(null, 204)
    // `hono-json`: what any collector that re-encodes events does at the least, each event
    // serialized on its own as a record value, and the collector's answer.
    const records = (JSON.parse(text) as unknown[]).map((event) => JSON.stringify(event))
    return c.json({ accepted: records.length, rejected: [] }, 200)
  })
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    counters: async () => ({ eventsAccepted: 0, eventsSpooled: 0 }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Resolves at once: what is left is the collector's own cost, HTTP to publish call. */
const nullPublisher: Publisher = {
  publish: async () => {},
  close: async () => {},
}

async function startCollector(): Promise<Running> {
  const metrics = createMetrics()
  const worker = cluster.isWorker ? `worker-${cluster.worker!.id}` : 'single'
  const server = await startCollectorServer({
    port: 0,
    host: '127.0.0.1',
    // kafkajs warns about every retry while a fresh broker settles; failures still show.
    logLevel: 'error',
    metrics,
    topic: spec.topic,
    ...(spec.kind === 'collector-null'
      ? { publisher: nullPublisher }
      : { brokers: spec.brokers, spoolDir: join(spec.spoolDir!, worker) }),
  })
  const total = async (counter: { get(): Promise<{ values: { value: number }[] }> }) =>
    (await counter.get()).values.reduce((sum, { value }) => sum + value, 0)
  return {
    port: server.port,
    counters: async () => ({
      eventsAccepted: await total(metrics.eventsAccepted),
      eventsSpooled: await total(metrics.eventsSpooled),
    }),
    close: () => server.close(),
  }
}

async function runServer(): Promise<void> {
  const running = isBareHono(spec.kind) ? await startHono(spec.kind) : await startCollector()
  const report = async () =>
    send({ type: 'usage', usage: { ...ownUsage(), ...(await running.counters()) } })
  process.on('message', (message: ControlMessage) => {
    if (message.type === 'usage') {
      void report()
    } else if (message.type === 'stop') {
      // In-flight requests finish first, so the final counters hold them; a clean exit lets
      // --cpu-prof write its profile.
      void running
        .close()
        .then(report)
        .finally(() => process.exit(0))
    }
  })
  send({ type: 'ready', port: running.port })
}

function ask(worker: Worker, message: ControlMessage): Promise<ServerUsage> {
  return new Promise((resolve) => {
    const onMessage = (reply: ServerMessage) => {
      if (reply.type !== 'usage') return
      worker.off('message', onMessage)
      resolve(reply.usage)
    }
    worker.on('message', onMessage)
    worker.send(message)
  })
}

/** The cluster's usage: the primary hands connections to the workers, so its CPU counts too. */
function sum(usages: ServerUsage[]): ServerUsage {
  const own = ownUsage()
  return usages.reduce(
    (total, next) => ({
      monotonicUs: total.monotonicUs,
      cpuUs: total.cpuUs + next.cpuUs,
      loopActiveMs: total.loopActiveMs + next.loopActiveMs,
      loopIdleMs: total.loopIdleMs + next.loopIdleMs,
      loops: total.loops + next.loops,
      heapUsedBytes: total.heapUsedBytes + next.heapUsedBytes,
      eventsAccepted: total.eventsAccepted + next.eventsAccepted,
      eventsSpooled: total.eventsSpooled + next.eventsSpooled,
      loopDelayMs: worstLoopDelay([total.loopDelayMs, next.loopDelayMs]),
    }),
    {
      ...own,
      loopActiveMs: 0,
      loopIdleMs: 0,
      loops: 0,
      heapUsedBytes: 0,
      eventsAccepted: 0,
      eventsSpooled: 0,
    }
  )
}

async function runPrimary(): Promise<void> {
  const workers = Array.from({ length: spec.workers }, () => cluster.fork())
  const ports = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<number>((resolve, reject) => {
          worker.on('message', (message: ServerMessage) => {
            if (message.type === 'ready') resolve(message.port)
            if (message.type === 'failed') reject(new Error(message.message))
          })
          worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
        })
    )
  )
  process.on('message', (message: ControlMessage) => {
    const exits =
      message.type === 'stop'
        ? workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)))
        : []
    void Promise.all(workers.map((worker) => ask(worker, message))).then(async (usages) => {
      send({ type: 'usage', usage: sum(usages) })
      if (message.type === 'stop') {
        await Promise.all(exits)
        process.exit(0)
      }
    })
  })
  send({ type: 'ready', port: ports[0]! })
}

// Without its parent there is nobody to stop it: leave with the IPC channel.
process.on('disconnect', () => process.exit(1))

const start = cluster.isPrimary && spec.workers > 0 ? runPrimary : runServer
start().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  process.exit(1)
})
