import {
  createCollector,
  noDelaySocketFactory,
  type KafkaRecord,
  type Publisher,
} from '@clickstream/collector'
import { ROUTES } from '@clickstream/schema'
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs'
import type { BatchBodies } from '../events/batch-body.js'
import { processCpuUs } from '../system/cpu-time.js'

/** The Kafka record layouts the collector writes (its `recordMode`). */
export type RecordMode = 'binary' | 'structured'

/**
 * Runs bodies through the collector's own app with a recording publisher and returns the Kafka
 * records it would produce in `mode`: the ceiling produces exactly these (keys, values, headers).
 */
export async function recordsOf(
  bodies: BatchBodies,
  requests: number,
  mode: RecordMode
): Promise<KafkaRecord[]> {
  const records: KafkaRecord[] = []
  const recorder: Publisher = {
    publish: async (batch) => {
      records.push(...batch)
    },
    close: async () => {},
  }
  const app = createCollector({ publisher: recorder, config: { recordMode: mode } })
  for (let index = 0; index < requests; index++) {
    const response = await app.request(ROUTES.events, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: bodies.next(),
    })
    if (response.status !== 200) {
      throw new Error(`the collector answered ${response.status}: ${await response.text()}`)
    }
  }
  return records
}

/** Bytes of a record on the wire before Kafka's framing: key, value, header names and values. */
export function recordBytes({ key, value, headers }: KafkaRecord): number {
  let bytes = Buffer.byteLength(key ?? '') + Buffer.byteLength(value ?? '')
  for (const [name, header] of Object.entries(headers)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(header)
  }
  return bytes
}

/** One way to produce as fast as possible. */
export interface CeilingConfig {
  /**
   * `structured`: the collector's default records (the whole event as the JSON value, one
   * header); `binary`: the same events with a `ce_*` header per attribute.
   */
  mode: RecordMode

  /** Producers sending at once, each with one request in flight. */
  producers: number
  /** Bytes of records per `sendBatch` call. */
  batchBytes: number
}

/** What one {@link CeilingConfig} achieved. */
export interface CeilingResult extends CeilingConfig {
  /** Mean bytes of a record before Kafka's framing (key, value, headers). */
  recordBytes: number
  /** Headers per record. */
  headers: number
  recordsPerSend: number
  records: number
  seconds: number
  recordsPerS: number
  megabytesPerS: number
  /** CPU of the producing (bench) process per record, µs. */
  clientCpuUsPerRecord: number
  /** CPU of the broker per record, µs, when its process is known. */
  brokerCpuUsPerRecord: number | undefined
}

/** Where and how long the ceiling runs. */
export interface CeilingOptions {
  brokers: string[]
  topic: string
  /** The collector's records for the same events, in each mode. */
  records: Record<RecordMode, KafkaRecord[]>
  durationS: number
  configs: CeilingConfig[]
  brokerPid?: number
  log: (line: string) => void
}

/**
 * Produces the collector's records with raw kafkajs, as fast as it goes, under the collector's
 * guarantees (idempotent, acks=-1, one request in flight per producer, murmur2 keys): the most
 * the collector could ever publish through this client to this broker.
 */
export async function measureProduceCeiling(options: CeilingOptions): Promise<CeilingResult[]> {
  const { brokers, topic, records, durationS, configs, brokerPid, log } = options
  const kafka = new Kafka({
    brokers,
    clientId: 'clickstream-bench-ceiling',
    // The collector's sockets (TCP_NODELAY): the same transport as the publisher it bounds.
    socketFactory: noDelaySocketFactory,
    logLevel: logLevel.NOTHING,
  })
  const results: CeilingResult[] = []
  for (const config of configs) {
    const modeRecords = records[config.mode]
    const messages: Message[] = modeRecords.map(({ key, value, headers }) => ({
      key,
      value,
      headers,
    }))
    const meanBytes =
      modeRecords.reduce((sum, record) => sum + recordBytes(record), 0) / modeRecords.length
    const producers = Array.from({ length: config.producers }, () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      })
    )
    await Promise.all(producers.map((producer) => producer.connect()))
    const perSend = Math.max(1, Math.round(config.batchBytes / meanBytes))
    const send = async (producer: (typeof producers)[number], offset: number) => {
      const batch: Message[] = []
      for (let index = 0; index < perSend; index++) {
        batch.push(messages[(offset + index) % messages.length]!)
      }
      await producer.sendBatch({ topicMessages: [{ topic, messages: batch }], acks: -1 })
    }
    // One unmeasured send each: connections, metadata and producer ids are set up by then.
    await Promise.all(producers.map((producer) => send(producer, 0)))
    let sent = 0
    const cpuBefore = process.cpuUsage()
    const brokerBefore = processCpuUs(brokerPid)
    const started = performance.now()
    const deadline = started + durationS * 1000
    await Promise.all(
      producers.map(async (producer) => {
        while (performance.now() < deadline) {
          await send(producer, sent)
          sent += perSend
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const brokerAfter = processCpuUs(brokerPid)
    await Promise.all(producers.map((producer) => producer.disconnect()))
    const result: CeilingResult = {
      ...config,
      recordBytes: meanBytes,
      headers: Object.keys(modeRecords[0]!.headers).length,
      recordsPerSend: perSend,
      records: sent,
      seconds,
      recordsPerS: sent / seconds,
      megabytesPerS: (sent * meanBytes) / seconds / 1e6,
      clientCpuUsPerRecord: (cpu.user + cpu.system) / sent,
      brokerCpuUsPerRecord:
        brokerBefore === undefined || brokerAfter === undefined
          ? undefined
          : (brokerAfter - brokerBefore) / sent,
    }
    log(
      `  kafkajs ${config.mode}, ${config.producers} producer(s) × ${perSend} records/send: ` +
        `${Math.round(result.recordsPerS)} records/s, ${result.megabytesPerS.toFixed(1)} MB/s`
    )
    results.push(result)
  }
  return results
}
