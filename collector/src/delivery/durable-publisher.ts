import { pino, type Logger } from 'pino'
import { withDefaults } from '../config.js'
import type { KafkaPublisher } from '../kafka/publisher.js'
import { createMetrics, type CollectorMetrics } from '../metrics.js'
import type { KafkaRecord, Publisher } from '../publisher.js'
import type { RetryOptions } from '../retry/retry.js'
import { startReplay, type ReplayEvent } from '../spool/replay.js'
import type { Spool } from '../spool/spool.js'
import { readinessOf, type Readiness } from './readiness.js'

/** The parts {@link createDurablePublisher} puts together, and how it behaves. */
export interface DurablePublisherOptions {
  /** Where events go first. Closed by `close()`. */
  kafka: KafkaPublisher
  /**
   * Where events go when Kafka cannot take them; `undefined` turns spooling off (then such
   * requests are answered 503). Closed by `close()`.
   * @defaultValue no spool
   */
  spool?: Spool
  /**
   * Without a spool, how long after a failure Kafka is reported unavailable on `/readyz`
   * before the next request may try again, in ms (with a spool, replay finds out sooner).
   * @defaultValue `5000`
   */
  kafkaRetryAfterMs?: number
  /**
   * Spacing of replay attempts while Kafka refuses (tests inject `sleep`).
   * @defaultValue the `retry` defaults: 300 ms doubling up to 5 s, ±20 %
   */
  replayRetry?: Omit<RetryOptions, 'signal' | 'onRetry'>
  /**
   * Current time in ms.
   * @defaultValue `Date.now`
   */
  clock?: () => number
  /**
   * Where spooling, replay and drops are logged.
   * @defaultValue a disabled pino logger
   */
  logger?: Logger
  /**
   * Metrics to update.
   * @defaultValue `createMetrics()`
   */
  metrics?: CollectorMetrics
}

/** A {@link Publisher} that stores every accepted event in Kafka or the spool, and says if it can. */
export interface DurablePublisher extends Publisher {
  /** Whether Kafka or the spool can take events now. */
  readiness(): Readiness
  /** Resolves once the spool is empty and Kafka was reached again (tests, tools). */
  replayed(): Promise<void>
}

// One SDK request is at most 60 KB: the spool is "full" once it cannot take one more.
const MIN_FREE_SPOOL_BYTES = 64 * 1024

// Bounds the memory that remembering late acknowledgements may take.
const MAX_REMEMBERED = 100_000

/** The identity dedup uses (`source`, `id`), per topic; undefined for records without an id. */
function identityOf({ topic, headers }: KafkaRecord): string | undefined {
  const id = headers.ce_id
  return id === undefined ? undefined : `${topic}\u0000${headers.ce_source ?? ''}\u0000${id}`
}

/**
 * Creates the publisher the collector answers on: `at-least-once` and `exactly-once` records
 * are answered once Kafka acknowledged them or, when Kafka fails, times out or its queue is full,
 * once the spool fsynced them; while the spool holds records, new ones follow them there so that
 * replay keeps their order. `at-most-once` records are sent without waiting and never spooled.
 *
 * @example
 * const publisher = createDurablePublisher({ kafka, spool: await openSpool({ dir: '.spool' }) })
 */
export function createDurablePublisher(options: DurablePublisherOptions): DurablePublisher {
  const { kafka, spool } = options
  const { kafkaRetryAfterMs, clock } = withDefaults<
    Pick<DurablePublisherOptions, 'kafkaRetryAfterMs' | 'clock'>
  >({ kafkaRetryAfterMs: 5_000, clock: Date.now }, options)
  const logger = options.logger ?? pino({ enabled: false })
  const metrics = options.metrics ?? createMetrics()

  let kafkaOk = true
  let kafkaFailedAt = 0
  // True from the first spooled record until replay has emptied the spool.
  let backlog = spool !== undefined && !spool.isEmpty
  let closing: Promise<void> | undefined
  const caughtUp: (() => void)[] = []
  const stored = new Set<string>()

  metrics.kafkaAvailable.set(1)
  metrics.spoolBytes.set(spool?.bytes ?? 0)

  function kafkaAvailable(): boolean {
    if (kafkaOk) return true
    // Without replay probing Kafka, let a request try again after a while (a half-open breaker),
    // or an unready collector would never see Kafka come back.
    return !backlog && clock() - kafkaFailedAt >= kafkaRetryAfterMs
  }

  function markKafka(ok: boolean): void {
    if (!ok) kafkaFailedAt = clock()
    if (ok !== kafkaOk) logger.info({ available: ok }, ok ? 'Kafka is back' : 'Kafka unavailable')
    kafkaOk = ok
    metrics.kafkaAvailable.set(ok ? 1 : 0)
  }

  kafka.onLateAcknowledgement((records) => {
    if (!spool) return
    for (const record of records) {
      const identity = identityOf(record)
      if (identity === undefined) continue
      stored.add(identity)
      if (stored.size > MAX_REMEMBERED) stored.delete(stored.values().next().value!)
    }
  })

  function onReplayEvent(event: ReplayEvent): void {
    switch (event.type) {
      case 'replayed':
        markKafka(true)
        metrics.eventsReplayed.inc(event.records)
        metrics.spoolBytes.set(spool!.bytes)
        return
      case 'failed':
        markKafka(false)
        logger.warn(
          { err: event.error, attempt: event.attempt, retryInMs: event.delayMs },
          'replay of the spool into Kafka failed; retrying'
        )
        return
      case 'damaged':
        metrics.spoolDiscardedBytes.inc({ reason: event.damage }, event.bytes)
        // Torn: an append never acknowledged. Corrupt: acknowledged records the disk lost.
        logger[event.damage === 'torn' ? 'warn' : 'error'](
          { segment: event.segment, bytes: event.bytes, damage: event.damage },
          'skipped unreadable bytes in the spool'
        )
        return
      case 'stopped':
        logger.error({ err: event.error }, 'spool replay stopped; restart to resume it')
    }
  }

  const replay =
    spool &&
    startReplay({
      spool,
      kafka,
      retry: options.replayRetry,
      isStored: (record) => {
        const identity = identityOf(record)
        // Kept after a match: a retried chunk filters again.
        return identity !== undefined && stored.has(identity)
      },
      onEvent: onReplayEvent,
      onCaughtUp: () => {
        metrics.spoolBytes.set(spool.bytes)
        // Checked here, synchronously: an append that began meanwhile keeps the backlog.
        if (!spool.isEmpty) return
        if (backlog) logger.info('spool replayed into Kafka')
        backlog = false
        for (const resolve of caughtUp.splice(0)) resolve()
      },
    })

  if (spool && spool.recovery.tornBytes > 0) {
    metrics.spoolDiscardedBytes.inc({ reason: 'torn' }, spool.recovery.tornBytes)
    logger.warn({ bytes: spool.recovery.tornBytes }, 'cut a torn append off the spool')
  }
  if (backlog) logger.info({ bytes: spool!.bytes }, 'replaying the spool left by the last run')

  function sendAtMostOnce(records: KafkaRecord[]): void {
    const drop = (reason: string) => metrics.eventsDropped.inc({ reason }, records.length)
    if (closing) return drop('stopping')
    if (!kafkaAvailable()) return drop('kafka_unavailable')
    kafka.publish(records).then(
      () => markKafka(true),
      (error: unknown) => {
        const reason = (error as { code?: string }).code === 'queue_full' ? 'queue_full' : 'failed'
        drop(reason)
        if (reason === 'failed') markKafka(false)
      }
    )
  }

  async function toSpool(records: KafkaRecord[]): Promise<void> {
    await spool!.append(records)
    metrics.eventsSpooled.inc(records.length)
    metrics.spoolBytes.set(spool!.bytes)
    backlog = true
    replay!.wake()
  }

  return {
    async publish(records) {
      const atMostOnce: KafkaRecord[] = []
      const durable: KafkaRecord[] = []
      for (const record of records) {
        ;(record.delivery === 'at-most-once' ? atMostOnce : durable).push(record)
      }
      if (atMostOnce.length > 0) sendAtMostOnce(atMostOnce)
      if (durable.length === 0) return
      // Behind a backlog, straight to the spool: replay keeps the order of what came first.
      if (backlog && spool) return toSpool(durable)
      try {
        metrics.produceQueueBytes.set(kafka.queuedBytes)
        await kafka.publish(durable)
        markKafka(true)
        return
      } catch (error) {
        if ((error as { code?: string }).code !== 'queue_full') markKafka(false)
        if (!spool) throw error
        logger.warn({ err: error, events: durable.length }, 'Kafka did not take events; spooling')
      } finally {
        metrics.produceQueueBytes.set(kafka.queuedBytes)
      }
      await toSpool(durable)
    },
    readiness() {
      let spoolState: Readiness['spool'] = 'off'
      if (spool) {
        if (spool.failure) spoolState = 'failed'
        else if (!spool.canTake(MIN_FREE_SPOOL_BYTES)) spoolState = 'full'
        else spoolState = 'available'
      }
      return readinessOf({
        kafka: kafkaAvailable() ? 'available' : 'unavailable',
        spool: spoolState,
        backlog,
        stopping: closing !== undefined,
      })
    },
    replayed() {
      if (!backlog) return Promise.resolve()
      return new Promise((resolve) => caughtUp.push(resolve))
    },
    close() {
      closing ??= (async () => {
        // Replay stops first: what it has not sent stays in the spool for the next start.
        await replay?.stop()
        await kafka.close()
        await spool?.close()
        for (const resolve of caughtUp.splice(0)) resolve()
      })()
      return closing
    },
  }
}
