import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startKafka, type KafkaCluster } from '@clickstream/kafka-local'
import type { EndToEndLatency } from './browser/end-to-end-latency.js'
import type { MainThreadCost } from './browser/main-thread-cost.js'
import type { SdkProfile } from './browser/sdk-profile.js'
import { benchServers, type ServerBench, type ServerTarget } from './collector-load.js'
import { createBatchBodies } from './events/batch-body.js'
import {
  measureProduceCeiling,
  recordBytes,
  recordsOf,
  type CeilingResult,
} from './kafka/produce-ceiling.js'
import { createTopic } from './kafka/topics.js'
import { profileServer, type ProfileResult } from './profile/profile-server.js'
import type { SizeReport } from './sdk-size/measure-sizes.js'
import type { ServerKind } from './servers/protocol.js'
import { spawnServer } from './servers/spawn-server.js'
import { describeMachine, type Machine } from './system/machine.js'

/** The parts of the bench, each a section of BENCHMARKS.md. */
export const SECTIONS = ['collector', 'profile', 'ceiling', 'sizes', 'browser', 'scaling'] as const

/** One of {@link SECTIONS}. */
export type Section = (typeof SECTIONS)[number]

/** What {@link runBench} runs; every field has a default for the full run. */
export interface BenchOptions {
  /**
   * Repository root: where the SDK's build and the report's relative paths are.
   */
  root: string
  /**
   * Sections to run.
   * @defaultValue all of {@link SECTIONS}
   */
  sections?: readonly Section[]
  /**
   * Server kinds of the collector section.
   * @defaultValue `hono`, `collector-null`, `collector-kafka`
   */
  kinds?: readonly ServerKind[]
  /**
   * Seconds per load point.
   * @defaultValue `10`
   */
  durationS?: number
  /**
   * Rounds per point: the servers of a section take turns, each round a share of the point's
   * seconds, so that load from other work on the machine drifts over all of them alike.
   * @defaultValue `2`
   */
  rounds?: number
  /**
   * Seconds of one unmeasured warm-up slice; a server gets at least one.
   * @defaultValue `3`
   */
  warmupS?: number
  /**
   * Warm-up slices go on until each collector process has accepted this many events: past the
   * collector's default dedup window (`dedup.maxEntries`, 200,000), so that the points measure
   * a collector whose bounded state is full, as it is after minutes of traffic. `0`: one slice.
   * @defaultValue `250000`
   */
  warmupEvents?: number
  /**
   * Connection counts of the collector section; the largest is also used for the half-rate
   * point, the profile and the scaling runs.
   * @defaultValue `[1, 10, 50]`
   */
  connections?: readonly number[]
  /**
   * Real clicks per page load (main-thread cost) and in the end-to-end run.
   * @defaultValue `200`
   */
  clicks?: number
  /**
   * Page loads per variant (with and without the tag) for the main-thread cost.
   * @defaultValue `5`
   */
  pageLoads?: number
  /**
   * Kafka bootstrap servers to use instead of starting a local single-node Kafka.
   * @defaultValue `process.env.KAFKA_BROKERS`, else a local Kafka from `@clickstream/kafka-local`
   */
  brokers?: string
  /**
   * Progress output.
   * @defaultValue writes to stderr
   */
  log?: (line: string) => void
}

/** Everything a run measured, for the report. */
export interface BenchResults {
  startedAt: Date
  finishedAt: Date
  machine: Machine
  /** 1-minute load average at the end. */
  loadAverageAtEnd: number
  options: Required<Omit<BenchOptions, 'brokers' | 'log' | 'root'>>
  bodies: { eventsPerBatch: number; bodyBytes: number; eventBytes: number }
  kafka?: { brokers: string; local: boolean; partitions: number }
  servers: ServerBench[]
  /** CPU profiles: bare Hono (the framework's share), the null-publisher collector, the Kafka one. */
  profiles: ProfileResult[]
  ceiling?: { recordBytes: number; results: CeilingResult[] }
  sizes?: SizeReport
  mainThread?: MainThreadCost
  /** Where the SDK's JavaScript per dispatched click goes, by source file. */
  sdkProfile?: SdkProfile
  /** With the end-to-end collector's spooled events (Kafka did not take them in time). */
  endToEnd?: EndToEndLatency & { spooled: number | undefined }
  scaling: ServerBench[]
  /** Sections that failed, with why: the report says so instead of leaving them out. */
  failures: { section: Section; message: string }[]
  /** Failed attempts of sections that were then run again, with why. */
  retried: { section: Section; message: string }[]
}

const PARTITIONS = 3
// Bounds the run when a slow collector would take long to accept `warmupEvents`.
const MAX_WARMUP_S = 120
const MiB = 1024 * 1024

const defaults = {
  sections: SECTIONS,
  kinds: ['hono', 'hono-web', 'hono-json', 'collector-null', 'collector-kafka'],
  durationS: 10,
  rounds: 2,
  warmupS: 3,
  warmupEvents: 250_000,
  connections: [1, 10, 50],
  clicks: 200,
  pageLoads: 5,
} as const satisfies Required<Omit<BenchOptions, 'brokers' | 'log' | 'root'>>

/**
 * Runs the benchmark sections in one go on this machine, so that every ratio compares numbers
 * taken side by side. Starts (and stops) a single-node Kafka when a section needs one.
 *
 * @example
 * const results = await runBench({ root, sections: ['collector'], kinds: ['hono'], durationS: 1 })
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  // An option given as undefined keeps its default.
  const given = Object.entries(options).filter(([, value]) => value !== undefined)
  const settings = { ...defaults, ...(Object.fromEntries(given) as BenchOptions) }
  const { root, sections, kinds, durationS, rounds, warmupS, warmupEvents } = settings
  const { connections, clicks, pageLoads } = settings
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const startedAt = new Date()
  const machine = describeMachine()
  const bodies = createBatchBodies()
  const runId = randomUUID().slice(0, 8)
  const maxConnections = Math.max(...connections)
  const results: BenchResults = {
    startedAt,
    finishedAt: startedAt,
    machine,
    loadAverageAtEnd: machine.loadAverage[0]!,
    options: {
      sections,
      kinds,
      durationS,
      rounds,
      warmupS,
      warmupEvents,
      connections,
      clicks,
      pageLoads,
    },
    bodies: {
      eventsPerBatch: bodies.eventsPerBatch,
      bodyBytes: bodies.bodyBytes,
      eventBytes: bodies.eventBytes,
    },
    servers: [],
    profiles: [],
    scaling: [],
    failures: [],
    retried: [],
  }
  const has = (section: Section) => sections.includes(section)

  const needsKafka =
    (has('collector') && kinds.includes('collector-kafka')) ||
    has('ceiling') ||
    has('browser') ||
    has('scaling') ||
    has('profile')
  const external = options.brokers ?? process.env.KAFKA_BROKERS
  let cluster: KafkaCluster | undefined
  let brokers: string[] = []
  if (needsKafka) {
    if (external) {
      brokers = external.split(',')
    } else {
      log('starting a single-node Kafka (packages/kafka-local)…')
      cluster = await startKafka({
        nodes: 1,
        numPartitions: PARTITIONS,
        log: (line) => log(`  [kafka-local] ${line}`),
      })
      brokers = cluster.brokers
    }
    results.kafka = { brokers: brokers.join(','), local: !external, partitions: PARTITIONS }
  }
  const brokerPid = cluster?.nodes[0]?.pid
  const topic = async (name: string) => {
    const full = `bench.${runId}.${name}`
    await createTopic(brokers, full, PARTITIONS)
    return full
  }

  // `attempts` > 1 only where a failure can come from outside (a shared machine's browser).
  const section = async (name: Section, run: () => Promise<void>, attempts = 1) => {
    if (!has(name)) return
    log(`== ${name}`)
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await run()
        return
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
        log(`section ${name} failed: ${message}`)
        const failure = { section: name, message: message.split('\n')[0]! }
        if (attempt < attempts) results.retried.push(failure)
        else results.failures.push(failure)
      }
    }
  }

  try {
    await section('collector', async () => {
      const servers: ServerTarget[] = []
      for (const kind of kinds) {
        const kafka = kind === 'collector-kafka' ? { brokers, topic: await topic(kind) } : undefined
        servers.push({ kind, kafka })
      }
      results.servers = await benchServers({
        servers,
        bodies,
        connections: [...connections],
        durationS,
        rounds,
        warmupS,
        warmupEvents,
        maxWarmupS: MAX_WARMUP_S,
        halfRate: true,
        brokerPid,
        log,
      })
    })

    await section('profile', async () => {
      const profile = async (kind: ServerKind, overallRate?: number) => {
        const result = await profileServer({
          kind,
          bodies,
          connections: maxConnections,
          durationS,
          warmupS,
          warmupEvents,
          maxWarmupS: MAX_WARMUP_S,
          kafka:
            kind === 'collector-kafka' ? { brokers, topic: await topic('profile') } : undefined,
          overallRate,
          root,
        })
        log(
          `  profiled ${kind}${overallRate ? ` at ${overallRate} req/s` : ''}: ` +
            `${result.summary.busyMs.toFixed(0)} ms of busy main thread`
        )
        results.profiles.push(result)
        return result
      }
      for (const kind of ['hono', 'collector-null'] as const) await profile(kind)
      const saturated = await profile('collector-kafka')
      // Where the p99 target is judged: half the best rate of the unprofiled runs, when they ran.
      const half =
        results.servers.find((server) => server.kind === 'collector-kafka')?.halfRate
          ?.overallRate ?? Math.round(saturated.point.requestsPerS / 2)
      await profile('collector-kafka', half)
    })

    await section('ceiling', async () => {
      const records = {
        structured: await recordsOf(bodies, 100, 'structured'),
        binary: await recordsOf(bodies, 100, 'binary'),
      }
      const meanBytes =
        records.structured.reduce((sum, record) => sum + recordBytes(record), 0) /
        records.structured.length
      results.ceiling = {
        recordBytes: meanBytes,
        results: await measureProduceCeiling({
          brokers,
          topic: await topic('ceiling'),
          records,
          durationS,
          // 512 KiB is the collector's own send-queue batch (maxBatchBytes).
          configs: [
            { mode: 'structured', producers: 1, batchBytes: MiB / 2 },
            { mode: 'structured', producers: 1, batchBytes: MiB },
            { mode: 'structured', producers: 2, batchBytes: MiB / 2 },
            { mode: 'binary', producers: 1, batchBytes: MiB / 2 },
          ],
          brokerPid,
          log,
        }),
      }
    })

    await section('scaling', async () => {
      const servers: ServerTarget[] = []
      for (const kind of ['collector-null', 'collector-kafka'] as const) {
        for (const workers of [1, 2]) {
          const kafka =
            kind === 'collector-kafka'
              ? { brokers, topic: await topic(`scale-${workers}`) }
              : undefined
          servers.push({ kind, workers, kafka })
        }
      }
      results.scaling = await benchServers({
        servers,
        bodies,
        connections: [maxConnections],
        durationS,
        rounds,
        warmupS,
        warmupEvents,
        maxWarmupS: MAX_WARMUP_S,
        halfRate: false,
        brokerPid,
        log,
      })
    })

    // rollup and Playwright load only when their sections run: the smoke test stays quick.
    await section('sizes', async () => {
      const { measureSdkSizes } = await import('./sdk-size/measure-sizes.js')
      results.sizes = await measureSdkSizes(root)
    })

    await section(
      'browser',
      async () => {
        const { launchChromium, launchChromiumCdp } = await import('@clickstream/chromium-local')
        const { startPageServer } = await import('./browser/page-server.js')
        const { measureMainThreadCost } = await import('./browser/main-thread-cost.js')
        const { measureEndToEndLatency } = await import('./browser/end-to-end-latency.js')
        const { profileSdkClicks } = await import('./browser/sdk-profile.js')
        const tagFile = join(root, 'sdk/dist/clickstream.iife.js')
        const pages = await startPageServer(tagFile)
        try {
          // Without Playwright, whose network agent adds 0.5–1 ms to every request of the page.
          const cdp = await launchChromiumCdp()
          try {
            results.mainThread = await measureMainThreadCost({
              browser: cdp,
              pages,
              clicks,
              rounds: pageLoads,
            })
            results.sdkProfile = await profileSdkClicks({
              browser: cdp,
              pages,
              sourceMap: `${tagFile}.map`,
              root,
              clicks: clicks * 15,
            })
          } finally {
            await cdp.close()
          }
          for (const mode of ['real', 'dispatched'] as const) {
            const { scriptUsPerEvent, taskUsPerEvent } = results.mainThread[mode]
            const reference = results.mainThread.reference[mode].scriptUsPerEvent.median
            log(
              `  SDK main thread, ${mode} clicks: ${scriptUsPerEvent.median.toFixed(1)} µs ` +
                `script, ${taskUsPerEvent.median.toFixed(1)} µs in all per event; reference ` +
                `tag ${reference.toFixed(1)} µs script (× ` +
                `${results.mainThread.ratio[mode].median.toFixed(2)})`
            )
          }
          log(`  SDK profile: ${results.sdkProfile.sdkUsPerClick.toFixed(1)} µs sampled per click`)
          const browser = await launchChromium()
          try {
            // A topic per attempt: a retry never reads the clicks of the failed one.
            const e2eTopic = await topic(`e2e-${randomUUID().slice(0, 4)}`)
            const spoolDir = await mkdtemp(join(tmpdir(), 'clickstream-bench-spool-'))
            const collector = await spawnServer({
              kind: 'collector-kafka',
              workers: 0,
              brokers,
              topic: e2eTopic,
              spoolDir,
            })
            try {
              const latency = await measureEndToEndLatency({
                browser,
                pages,
                collectorUrl: collector.url,
                brokers,
                topic: e2eTopic,
                clicks,
                batchSize: 1,
              })
              const final = await collector.stop()
              results.endToEnd = { ...latency, spooled: final?.eventsSpooled }
              const { p50, p99 } = latency.total
              log(`  click → Kafka consumer: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`)
            } finally {
              await collector.stop()
              await rm(spoolDir, { recursive: true, force: true })
            }
          } finally {
            await browser.close()
          }
        } finally {
          await pages.close()
        }
      },
      2
    )
  } finally {
    await cluster?.stop()
  }
  results.finishedAt = new Date()
  results.loadAverageAtEnd = describeMachine().loadAverage[0]!
  return results
}
