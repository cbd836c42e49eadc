/** Why a session started (the `reason` of `clickstream.session_start`). */
export type SessionStartReason =
  'new_visitor' | 'inactivity' | 'max_duration' | 'campaign' | 'client'

/** What the collector remembers of a visitor's current session. */
export interface SessionState {
  /** The collector's session id. */
  sessionId: string
  /** Corrected time of its first event, in ms since the epoch. */
  startedAt: number
  /** Latest corrected event time seen in it, in ms since the epoch. */
  lastSeenAt: number
  /** The last `collectorseq` given. */
  seq: number
  /** The SDK's session id seen in it, if any. */
  clientSessionId?: string
  /** The UTM campaign it started with (`source|medium|campaign`), if any. */
  campaign?: string
  /** Id of the event that started it: seen again (a retry), its session start is emitted again. */
  startEventId: string
  startReason: SessionStartReason
  previousSessionId?: string
}

/** The new state of a key and what else the computation produced. */
export interface SessionUpdate<R> {
  state: SessionState
  result: R
}

/**
 * Where session state lives: in memory for one collector, in Redis for many. Implementations
 * make `update` atomic per key, so that collectors behind a round-robin load balancer agree.
 */
export interface SessionStore {
  /**
   * Replaces the state of `key` by what `next` computes from the current one (undefined when
   * there is none), atomically: when another writer changed the key meanwhile, `next` runs again
   * on the new state. `next` must therefore be pure. The state expires `ttlMs` after the write.
   */
  update<R>(
    key: string,
    next: (current: SessionState | undefined) => SessionUpdate<R>,
    ttlMs: number
  ): Promise<R>
  /**
   * A random salt for `day` (`YYYY-MM-DD`, UTC), the same for every collector sharing the store
   * and forgotten two days later, so a visitor hash made with it cannot be recomputed after that.
   */
  dailySalt(day: string): Promise<string>
}
