import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { REASONS } from '@clickstream/schema'

/** The collector's Prometheus metrics, registered in their own registry. */
export interface CollectorMetrics {
  /** The registry `GET /metrics` renders. */
  readonly registry: Registry
  readonly requests: Counter<'status'>
  readonly eventsAccepted: Counter
  readonly eventsRejected: Counter<'reason'>
  readonly publishDuration: Histogram
  readonly publishFailures: Counter
  /** Durability (docs/reliability.md): the spool, the produce queue, at-most-once drops. */
  readonly eventsSpooled: Counter
  readonly eventsReplayed: Counter
  readonly eventsDropped: Counter<'reason'>
  readonly spoolBytes: Gauge
  readonly spoolDiscardedBytes: Counter<'reason'>
  readonly produceQueueBytes: Gauge
  readonly kafkaAvailable: Gauge
  /** The pipeline (docs/configuration.md): duplicates, routing drops, sessions. */
  readonly eventsDuplicate: Counter
  readonly eventsFiltered: Counter<'route' | 'reason'>
  readonly sessionsStarted: Counter<'reason'>
}

/**
 * Creates the collector's metrics in `registry` (a new one by default, so that tests and several
 * collectors in one process never share counters).
 */
export function createMetrics(registry: Registry = new Registry()): CollectorMetrics {
  const registers = [registry]
  const eventsRejected = new Counter({
    name: 'clickstream_events_rejected_total',
    help: 'Rejected events by reason code; a request rejected as a whole counts once',
    labelNames: ['reason'] as const,
    registers,
  })
  // Every reason is exported from the start, at 0, so rates and alerts work before the first one.
  for (const reason of Object.values(REASONS)) eventsRejected.inc({ reason }, 0)

  return {
    registry,
    requests: new Counter({
      name: 'clickstream_requests_total',
      help: 'POST /v1/events requests by HTTP status',
      labelNames: ['status'] as const,
      registers,
    }),
    eventsAccepted: new Counter({
      name: 'clickstream_events_accepted_total',
      help: 'Events answered 2xx: acknowledged by Kafka, fsynced to the spool or at-most-once',
      registers,
    }),
    eventsRejected,
    publishDuration: new Histogram({
      name: 'clickstream_publish_duration_seconds',
      help: 'Time from handing a request’s events to Kafka to its acknowledgement or failure',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    publishFailures: new Counter({
      name: 'clickstream_publish_failures_total',
      help: 'Requests whose events Kafka did not acknowledge (answered 503)',
      registers,
    }),
    eventsSpooled: new Counter({
      name: 'clickstream_events_spooled_total',
      help: 'Events fsynced to the local spool because Kafka could not take them',
      registers,
    }),
    eventsReplayed: new Counter({
      name: 'clickstream_events_replayed_total',
      help: 'Spooled events that Kafka acknowledged on replay',
      registers,
    }),
    eventsDropped: new Counter({
      name: 'clickstream_events_dropped_total',
      help: 'At-most-once events dropped because Kafka could not take them, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    spoolBytes: new Gauge({
      name: 'clickstream_spool_bytes',
      help: 'Bytes in the local spool waiting for replay into Kafka',
      registers,
    }),
    spoolDiscardedBytes: new Counter({
      name: 'clickstream_spool_discarded_bytes_total',
      help: 'Unreadable spool bytes skipped: torn (never acknowledged) or corrupt (disk damage)',
      labelNames: ['reason'] as const,
      registers,
    }),
    produceQueueBytes: new Gauge({
      name: 'clickstream_produce_queue_bytes',
      help: 'Bytes of records waiting for their turn to be sent to Kafka',
      registers,
    }),
    kafkaAvailable: new Gauge({
      name: 'clickstream_kafka_available',
      help: '1 while Kafka takes events, 0 after a failed or timed-out write until one succeeds',
      registers,
    }),
    eventsDuplicate: new Counter({
      name: 'clickstream_events_duplicate_total',
      help: 'Events already stored within the dedup window: answered as accepted, not sent again',
      registers,
    }),
    eventsFiltered: new Counter({
      name: 'clickstream_events_filtered_total',
      help: 'Events a routing rule dropped (reason drop) or sampled out (reason sampled), by rule',
      labelNames: ['route', 'reason'] as const,
      registers,
    }),
    sessionsStarted: new Counter({
      name: 'clickstream_sessions_started_total',
      help: 'Sessions the collector started, by reason (clickstream.session_start events)',
      labelNames: ['reason'] as const,
      registers,
    }),
  }
}
