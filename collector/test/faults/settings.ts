import type {
  BrokerKillSettings,
  CollectorKillSettings,
  KafkaOutageSettings,
  SigtermSettings,
} from './scenarios.js'

/** The settings of every fault scenario at one scale. */
export interface FaultSettings {
  brokerKill: BrokerKillSettings
  kafkaOutage: KafkaOutageSettings
  collectorKill: CollectorKillSettings
  sigterm: SigtermSettings
}

/** Light enough for `npm test` on two shared cores: fewer kills, shorter outages, less load. */
export const ciSettings: FaultSettings = {
  brokerKill: {
    load: { ratePerSecond: 20, eventsPerRequest: 10 },
    kills: 2,
    downMs: 3_000,
    settleMs: 4_000,
  },
  kafkaOutage: {
    load: { ratePerSecond: 20, eventsPerRequest: 10 },
    nodes: 1,
    outageMs: 15_000,
    settleMs: 4_000,
    spoolMaxBytes: 1024 * 1024,
    publishTimeoutMs: 2_000,
  },
  collectorKill: {
    load: { ratePerSecond: 20, eventsPerRequest: 10 },
    spoolingMs: 6_000,
    restartedMs: 4_000,
    publishTimeoutMs: 2_000,
  },
  sigterm: { load: { ratePerSecond: 40, eventsPerRequest: 10 }, runMs: 5_000 },
}

/** What `npm run reliability` and `CLICKSTREAM_FAULTS=full` run: the full scenarios. */
export const fullSettings: FaultSettings = {
  brokerKill: {
    load: { ratePerSecond: 50, eventsPerRequest: 20, concurrency: 32 },
    kills: 5,
    downMs: 5_000,
    settleMs: 15_000,
  },
  kafkaOutage: {
    load: { ratePerSecond: 50, eventsPerRequest: 20, concurrency: 32 },
    nodes: 3,
    outageMs: 60_000,
    settleMs: 8_000,
    spoolMaxBytes: 32 * 1024 * 1024,
    publishTimeoutMs: 5_000,
  },
  collectorKill: {
    load: { ratePerSecond: 50, eventsPerRequest: 20, concurrency: 32 },
    spoolingMs: 20_000,
    restartedMs: 10_000,
    publishTimeoutMs: 5_000,
  },
  sigterm: { load: { ratePerSecond: 100, eventsPerRequest: 20, concurrency: 32 }, runMs: 20_000 },
}

/** `fullSettings` when `CLICKSTREAM_FAULTS=full`, else `ciSettings`. */
export function faultSettings(): FaultSettings {
  return process.env.CLICKSTREAM_FAULTS === 'full' ? fullSettings : ciSettings
}

/** A one-line summary of a report for the test log. */
export function describeReport(report: {
  scenario: string
  acked: number
  lost: number
  duplicates: number
  non2xxShare: number
  recoveryMs: number[]
  recoveryCut: boolean[]
}): string {
  const share = (report.non2xxShare * 100).toFixed(1)
  const recovery = report.recoveryMs
    .map((ms, i) => `${report.recoveryCut[i] ? '≥ ' : ''}${(ms / 1000).toFixed(1)} s`)
    .join(', ')
  return `${report.scenario}: ${report.acked} acked, ${report.lost} lost, ${report.duplicates} duplicates, ${share} % non-2xx, recovered in ${recovery || 'n/a'}`
}
