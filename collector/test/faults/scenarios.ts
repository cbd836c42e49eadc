import { randomUUID } from 'node:crypto'
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startKafka, type KafkaCluster } from '@clickstream/kafka-local'
import { encodeFrame } from '../../src/spool/frame.js'
import {
  freePort,
  startCollectorProcess,
  type CollectorProcess,
  type Exit,
} from './collector-process.js'
import { createTopic, describePartitions, readEventIds, waitForFullIsr } from './kafka-admin.js'
import { startLoad, summarize, type RequestOutcome } from './load.js'

/** The load every scenario runs. */
export interface LoadSettings {
  ratePerSecond: number
  eventsPerRequest: number
  /**
   * Most requests in flight.
   * @defaultValue `16`
   */
  concurrency?: number
}

/** What a scenario measured; `docs/reliability.md` shows these. */
export interface FaultReport {
  scenario: string
  /** The fault injected, in words. */
  fault: string
  load: LoadSettings
  /** From the first request to the last answer, in ms. */
  loadMs: number
  /** Requests the load did not start on schedule because `concurrency` were still waiting. */
  skipped: number
  requests: number
  events: number
  /** Events answered 2xx. */
  acked: number
  /** Distinct acked events found in the topic. */
  stored: number
  /** Acked events missing from the topic: must be 0. */
  lost: number
  /** Records beyond the first of each event id in the topic. */
  duplicates: number
  /** Share of requests not answered 2xx, and the answers by status or error. */
  non2xxShare: number
  answers: Record<string, number>
  maxLatencyMs: number
  p99LatencyMs: number
  /**
   * Per fault, from the kill (broker kill) or from the brokers' return (outage, collector kill):
   * until answers were fast (< 1 s) and 2xx again, the spool empty and Kafka available.
   */
  recoveryMs: number[]
  /** Per fault: whether the next fault began before it recovered (then `recoveryMs` is cut). */
  recoveryCut: boolean[]
  /** Events that went through the spool (fsynced, then replayed). */
  spooled: number
  /** Largest resident memory of the collector seen, in bytes. */
  peakRssBytes: number
  /** How the collector processes exited (code 0 after SIGTERM). */
  exits: Exit[]
  /** Torn bytes the restarted collector cut off its spool (collector kill). */
  tornBytes?: number
  /** Anything else worth reporting, in words. */
  notes: string[]
}

interface Sample {
  at: number
  spoolBytes: number
  kafkaAvailable: number
  rss: number
}

const quiet = () => {}
const SLOW_MS = 1_000

/** Samples a collector's spool, Kafka state and memory every `intervalMs` until stopped. */
function startMonitor(intervalMs = 250) {
  const samples: Sample[] = []
  let target: CollectorProcess | undefined
  let stopped = false
  const run = (async () => {
    while (!stopped) {
      const collector = target
      if (collector) {
        try {
          const [metrics, rss] = await Promise.all([collector.metrics(), collector.rssBytes()])
          samples.push({
            at: Date.now(),
            spoolBytes: metrics.get('clickstream_spool_bytes') ?? 0,
            kafkaAvailable: metrics.get('clickstream_kafka_available') ?? 0,
            rss,
          })
        } catch {
          // Between a kill and a restart there is nothing to sample.
        }
      }
      await sleep(intervalMs)
    }
  })()
  return {
    samples,
    watch(collector: CollectorProcess) {
      target = collector
    },
    async stop() {
      stopped = true
      await run
    },
  }
}

/**
 * Time from `start` until the last request sent in [start, end) that was slow or not 2xx was
 * answered, or until the spool was last seen non-empty (or Kafka unavailable) in that window,
 * whichever is later. A recovery longer than the window is cut at the window's end.
 */
function recoveryAfter(
  start: number,
  end: number,
  outcomes: readonly RequestOutcome[],
  samples: readonly Sample[]
): number {
  let recovered = start
  for (const outcome of outcomes) {
    if (outcome.sentAt < start || outcome.sentAt >= end) continue
    const ok = outcome.status >= 200 && outcome.status < 300
    if (!ok || outcome.answeredAt - outcome.sentAt >= SLOW_MS) {
      recovered = Math.max(recovered, outcome.answeredAt)
    }
  }
  for (const sample of samples) {
    if (sample.at < start || sample.at >= end) continue
    if (sample.spoolBytes > 0 || sample.kafkaAvailable === 0) {
      recovered = Math.max(recovered, sample.at)
    }
  }
  return recovered - start
}

/** Polls a collector until its spool is empty and Kafka available, or throws with its logs. */
async function waitForReplay(collector: CollectorProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    const metrics = await collector.metrics().catch(() => undefined)
    const spoolBytes = metrics?.get('clickstream_spool_bytes')
    const available = metrics?.get('clickstream_kafka_available')
    if (spoolBytes === 0 && available === 1) return
    last = `spool ${spoolBytes} bytes, kafka available ${available}`
    await sleep(500)
  }
  throw new Error(
    `spool not replayed in ${timeoutMs} ms (${last}):\n${collector.logs().slice(-40).join('\n')}`
  )
}

function collectorEnv(brokers: string, topic: string, spoolDir: string, extra = {}) {
  return {
    KAFKA_BROKERS: brokers,
    CLICKSTREAM_TOPIC: topic,
    CLICKSTREAM_SPOOL_DIR: spoolDir,
    PORT: '0',
    ...extra,
  }
}

async function report(
  base: Pick<FaultReport, 'scenario' | 'fault' | 'load' | 'exits' | 'notes' | 'skipped'>,
  brokers: readonly string[],
  topic: string,
  outcomes: readonly RequestOutcome[],
  samples: readonly Sample[],
  faults: readonly { start: number; end: number }[],
  spooled: number
): Promise<FaultReport> {
  const summary = summarize(outcomes)
  const counts = await readEventIds(brokers, topic)
  let stored = 0
  let lost = 0
  for (const id of summary.acked) {
    if (counts.has(id)) stored++
    else lost++
  }
  let duplicates = 0
  for (const count of counts.values()) duplicates += count - 1
  const first = Math.min(...outcomes.map((o) => o.sentAt))
  const last = Math.max(...outcomes.map((o) => o.answeredAt))
  const notes = [...base.notes]
  const recoveryMs = faults.map(({ start, end }) => recoveryAfter(start, end, outcomes, samples))
  const recoveryCut = faults.map(
    ({ start, end }, i) => end !== Infinity && recoveryMs[i]! >= end - start - 1_000
  )
  if (lost > 0) {
    // Enough to find the requests in the collector's log.
    const lostRequests = outcomes.filter((o) => o.ids.some((id) => !counts.has(id)))
    const faultTimes = faults.map((f) => `${((f.start - first) / 1000).toFixed(1)} s`).join(', ')
    notes.push(
      `lost events came from ${lostRequests.length} request(s) sent at ${lostRequests
        .slice(0, 10)
        .map((o) => `${((o.sentAt - first) / 1000).toFixed(1)} s (${o.answeredAt - o.sentAt} ms)`)
        .join(', ')}; faults at ${faultTimes}`
    )
  }
  return {
    ...base,
    notes,
    loadMs: last - first,
    requests: summary.requests,
    events: summary.events,
    acked: summary.acked.size,
    stored,
    lost,
    duplicates,
    non2xxShare: summary.non2xxShare,
    answers: summary.answers,
    maxLatencyMs: summary.maxLatencyMs,
    p99LatencyMs: summary.p99LatencyMs,
    recoveryMs,
    recoveryCut,
    spooled,
    peakRssBytes: Math.max(0, ...samples.map((s) => s.rss)),
  }
}

async function spooledEvents(collector: CollectorProcess): Promise<number> {
  return (await collector.metrics()).get('clickstream_events_spooled_total') ?? 0
}

/** Settings of {@link brokerKillScenario}. */
export interface BrokerKillSettings {
  load: LoadSettings
  /** How many times the leader of the busiest partition is killed. */
  kills: number
  /** How long the killed broker stays down before it is restarted, in ms. */
  downMs: number
  /** Load after each restart before the next kill, in ms. */
  settleMs: number
}

/**
 * A 3-node cluster (RF 3, min ISR 2) under steady load; the leader of the busiest partition
 * is SIGKILLed `kills` times and restarted in between. Pass rule: every acked id is in the topic.
 */
export async function brokerKillScenario(settings: BrokerKillSettings): Promise<FaultReport> {
  const cluster = await startKafka({ nodes: 3, log: quiet })
  const spoolDir = await mkdtemp(path.join(os.tmpdir(), 'faults-spool-'))
  let collector: CollectorProcess | undefined
  try {
    const topic = `faults.broker-kill.${randomUUID()}`
    await createTopic(cluster.brokers, topic, 3)
    collector = await startCollectorProcess(collectorEnv(cluster.bootstrap, topic, spoolDir))
    const monitor = startMonitor()
    monitor.watch(collector)
    const load = startLoad({
      url: collector.url,
      ...settings.load,
      // A ceiling only: the scenario stops the load itself.
      durationMs: settings.kills * 300_000 + 60_000,
    })
    await sleep(settings.settleMs)
    const kills: number[] = []
    const killed: string[] = []
    for (let kill = 0; kill < settings.kills; kill++) {
      const partitions = await describePartitions(cluster.brokers, topic)
      const busiest = partitions.reduce((a, b) => (b.records > a.records ? b : a))
      const start = Date.now()
      await cluster.killNode(busiest.leader, 'SIGKILL')
      killed.push(`node ${busiest.leader} (leader of partition ${busiest.partition})`)
      await sleep(settings.downMs)
      await cluster.restartNode(busiest.leader)
      await waitForFullIsr(cluster.brokers, topic, 3)
      await sleep(settings.settleMs)
      kills.push(start)
    }
    // Each kill's window ends where the next one begins; the last runs until the spool is empty.
    const faults = kills.map((start, i) => ({ start, end: kills[i + 1] ?? Infinity }))
    const outcomes = await load.stop()
    await waitForReplay(collector)
    const spooled = await spooledEvents(collector)
    await monitor.stop()
    const exits = [await collector.stop('SIGTERM')]
    const resent = collector.logCount('Kafka did not acknowledge every partition; resending')
    return await report(
      {
        scenario: 'Leader of the busiest partition SIGKILLed, 3-node cluster',
        fault: `${settings.kills} × SIGKILL of the busiest partition's leader, down ${settings.downMs / 1000} s each, restarted in between`,
        load: settings.load,
        skipped: load.skipped,
        exits,
        notes: [
          `killed: ${killed.join(', ')}`,
          `sends that kafkajs reported done with a partition left out (kafkajs#1303), resent: ${resent}`,
        ],
      },
      cluster.brokers,
      topic,
      outcomes,
      monitor.samples,
      faults,
      spooled
    )
  } finally {
    await collector?.stop('SIGKILL')
    await cluster.stop()
    await rm(spoolDir, { recursive: true, force: true })
  }
}

/** Settings of {@link kafkaOutageScenario}. */
export interface KafkaOutageSettings {
  load: LoadSettings
  /** Nodes of the cluster, all of them stopped. */
  nodes: 1 | 3
  /** How long every broker stays stopped, in ms. */
  outageMs: number
  /** Load before the outage and after the brokers are back, in ms. */
  settleMs: number
  /** The spool's size: small enough that it fills during the outage and 503s appear. */
  spoolMaxBytes: number
  /** How long a request waits for Kafka before it is spooled, in ms. */
  publishTimeoutMs: number
}

/**
 * Every broker stopped for `outageMs` under load, then restarted. Pass rule: no acked event
 * lost; every answer 2xx (stored in the spool) or 503; memory bounded.
 */
export async function kafkaOutageScenario(settings: KafkaOutageSettings): Promise<FaultReport> {
  const cluster: KafkaCluster = await startKafka({ nodes: settings.nodes, log: quiet })
  const spoolDir = await mkdtemp(path.join(os.tmpdir(), 'faults-spool-'))
  let collector: CollectorProcess | undefined
  try {
    const topic = `faults.outage.${randomUUID()}`
    await createTopic(cluster.brokers, topic, 3)
    collector = await startCollectorProcess(
      collectorEnv(cluster.bootstrap, topic, spoolDir, {
        CLICKSTREAM_SPOOL_MAX_BYTES: String(settings.spoolMaxBytes),
        CLICKSTREAM_PUBLISH_TIMEOUT_MS: String(settings.publishTimeoutMs),
        CLICKSTREAM_RETRY_AFTER_SECONDS: '1',
      })
    )
    const monitor = startMonitor()
    monitor.watch(collector)
    const load = startLoad({
      url: collector.url,
      ...settings.load,
      durationMs: settings.outageMs + 600_000,
    })
    await sleep(settings.settleMs)
    const ids = cluster.nodes.map((node) => node.id)
    const start = Date.now()
    await Promise.all(ids.map((id) => cluster.stopNode(id)))
    await sleep(settings.outageMs)
    // KRaft needs a quorum of controllers: the nodes come back together.
    await Promise.all(ids.map((id) => cluster.restartNode(id)))
    const back = Date.now()
    await sleep(settings.settleMs)
    const outcomes = await load.stop()
    await waitForReplay(collector)
    const spooled = await spooledEvents(collector)
    await monitor.stop()
    const exits = [await collector.stop('SIGTERM')]
    return await report(
      {
        scenario: `All brokers stopped, ${settings.nodes}-node cluster`,
        fault: `every broker stopped for ${settings.outageMs / 1000} s, then restarted: ${((back - start) / 1000).toFixed(0)} s without Kafka; spool limited to ${settings.spoolMaxBytes / 1024 / 1024} MiB`,
        load: settings.load,
        skipped: load.skipped,
        exits,
        notes: [],
      },
      cluster.brokers,
      topic,
      outcomes,
      monitor.samples,
      [{ start: back, end: Infinity }],
      spooled
    )
  } finally {
    await collector?.stop('SIGKILL')
    await cluster.stop()
    await rm(spoolDir, { recursive: true, force: true })
  }
}

/** Settings of {@link collectorKillScenario}. */
export interface CollectorKillSettings {
  load: LoadSettings
  /** Load on the first collector, Kafka down, before it is SIGKILLed, in ms. */
  spoolingMs: number
  /** Load on the restarted collector, Kafka still down, before Kafka returns, in ms. */
  restartedMs: number
  /** How long a request waits for Kafka before it is spooled, in ms. */
  publishTimeoutMs: number
}

/**
 * Kafka down, the collector spooling under load is SIGKILLed; a torn append is left at the end
 * of its newest segment (what a power cut could leave; kill -9 alone cannot tear a write), and
 * a new collector starts on the same spool and port. Then Kafka returns. Pass rule: every event
 * either collector acked is in the topic.
 */
export async function collectorKillScenario(settings: CollectorKillSettings): Promise<FaultReport> {
  const cluster = await startKafka({ nodes: 1, log: quiet })
  const spoolDir = await mkdtemp(path.join(os.tmpdir(), 'faults-spool-'))
  const collectors: CollectorProcess[] = []
  try {
    const topic = `faults.collector-kill.${randomUUID()}`
    await createTopic(cluster.brokers, topic, 3)
    await cluster.stopNode(1)
    const env = collectorEnv(cluster.bootstrap, topic, spoolDir, {
      PORT: String(await freePort()),
      CLICKSTREAM_PUBLISH_TIMEOUT_MS: String(settings.publishTimeoutMs),
    })
    const first = await startCollectorProcess(env)
    collectors.push(first)
    const monitor = startMonitor()
    monitor.watch(first)
    const load = startLoad({ url: first.url, ...settings.load, durationMs: 600_000 })
    await sleep(settings.spoolingMs)
    const spooledBeforeKill = await spooledEvents(first)
    const killedAt = Date.now()
    const exits = [await first.stop('SIGKILL')]

    const segments = (await readdir(spoolDir)).filter((name) => name.endsWith('.spool')).sort()
    const torn = encodeFrame([
      { topic, key: 'k', value: '{}', headers: { ce_id: 'never-acked' } },
    ]).subarray(0, 37)
    await appendFile(path.join(spoolDir, segments.at(-1)!), torn)

    const second = await startCollectorProcess(env)
    const restartMs = Date.now() - killedAt
    collectors.push(second)
    monitor.watch(second)
    const tornBytes =
      (await second.metrics()).get('clickstream_spool_discarded_bytes_total{reason="torn"}') ?? 0
    await sleep(settings.restartedMs)
    await cluster.restartNode(1)
    const back = Date.now()
    // Load goes on while the spool replays.
    await sleep(2_000)
    const outcomes = await load.stop()
    await waitForReplay(second)
    const spooled = spooledBeforeKill + (await spooledEvents(second))
    await monitor.stop()
    exits.push(await second.stop('SIGTERM'))
    const result = await report(
      {
        scenario: 'Collector SIGKILLed while spooling (Kafka down), restarted on the same spool',
        fault: `SIGKILL after ${settings.spoolingMs / 1000} s of spooling, a torn ${torn.length}-byte append left on the newest segment, restart; Kafka back ${settings.restartedMs / 1000} s later`,
        load: settings.load,
        skipped: load.skipped,
        exits,
        notes: [
          `${segments.length} segment(s) left by the killed collector; the restarted one listened ${(restartMs / 1000).toFixed(1)} s after the kill and cut ${tornBytes} torn bytes`,
        ],
      },
      cluster.brokers,
      topic,
      outcomes,
      monitor.samples,
      [{ start: back, end: Infinity }],
      spooled
    )
    return { ...result, tornBytes }
  } finally {
    for (const collector of collectors) await collector.stop('SIGKILL')
    await cluster.stop()
    await rm(spoolDir, { recursive: true, force: true })
  }
}

/** Settings of {@link sigtermScenario}. */
export interface SigtermSettings {
  load: LoadSettings
  /** Load before SIGTERM, in ms. */
  runMs: number
}

/**
 * SIGTERM to a collector under load on a healthy Kafka (`brokers`). Pass rule: exit code 0
 * and every acked event in the topic (anything left in the spool is replayed by a second
 * collector first).
 */
export async function sigtermScenario(
  brokers: readonly string[],
  settings: SigtermSettings
): Promise<FaultReport> {
  const spoolDir = await mkdtemp(path.join(os.tmpdir(), 'faults-spool-'))
  const collectors: CollectorProcess[] = []
  try {
    const topic = `faults.sigterm.${randomUUID()}`
    await createTopic(brokers, topic, 3)
    const env = collectorEnv(brokers.join(','), topic, spoolDir)
    const collector = await startCollectorProcess(env)
    collectors.push(collector)
    const monitor = startMonitor()
    monitor.watch(collector)
    const load = startLoad({ url: collector.url, ...settings.load, durationMs: 600_000 })
    await sleep(settings.runMs)
    const spooled = await spooledEvents(collector)
    const start = Date.now()
    const exit = await collector.stop('SIGTERM')
    const stoppedMs = Date.now() - start
    // The load keeps knocking for a moment: refused, never acked.
    await sleep(500)
    const outcomes = await load.stop()
    await monitor.stop()
    const exits = [exit]
    const left = (await readdir(spoolDir)).filter((name) => name.endsWith('.spool'))
    if (left.length > 0) {
      const replayer = await startCollectorProcess(env)
      collectors.push(replayer)
      await waitForReplay(replayer)
      exits.push(await replayer.stop('SIGTERM'))
    }
    const inFlight = outcomes.filter((o) => o.sentAt < start && o.answeredAt >= start)
    return await report(
      {
        scenario: 'SIGTERM under load',
        fault: `SIGTERM after ${settings.runMs / 1000} s of load`,
        load: settings.load,
        skipped: load.skipped,
        exits,
        notes: [
          `stopped ${stoppedMs} ms after SIGTERM; ${inFlight.length} request(s) in flight at the signal, ${inFlight.filter((o) => o.status === 200).length} of them answered 200`,
          left.length > 0
            ? `${left.length} spool segment(s) left, replayed by a second collector`
            : 'nothing left in the spool',
        ],
      },
      brokers,
      topic,
      outcomes,
      monitor.samples,
      [],
      spooled
    )
  } finally {
    for (const collector of collectors) await collector.stop('SIGKILL')
    await rm(spoolDir, { recursive: true, force: true })
  }
}
