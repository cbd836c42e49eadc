/** Whether the collector can store events now, as `GET /readyz` reports it. */
export interface Readiness {
  /** True when Kafka or the spool can take events and the server is not stopping. */
  ready: boolean
  /** `unavailable` after a failed or timed-out write, until Kafka takes one again. */
  kafka?: 'available' | 'unavailable'
  /** `full` when it cannot hold one more request, `failed` after a disk error, `off` if disabled. */
  spool?: 'available' | 'full' | 'failed' | 'off'
  /** The spool holds events not yet replayed: new ones go behind them, into the spool. */
  backlog?: boolean
  /** The server got SIGTERM/SIGINT and lets its last requests finish. */
  stopping?: boolean
}

/** Ready unless stopping or nothing can take events (behind a backlog, only the spool can). */
export function readinessOf(state: Omit<Readiness, 'ready'>): Readiness {
  const kafkaTakes = state.kafka !== 'unavailable' && !state.backlog
  const canStore = kafkaTakes || state.spool === 'available'
  return { ready: canStore && !state.stopping, ...state }
}
