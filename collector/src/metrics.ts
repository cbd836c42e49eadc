import { Counter, Histogram, Registry } from 'prom-client'
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
      help: 'Events acknowledged by Kafka',
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
  }
}
