/** How the collector drops duplicates (docs/configuration.md, "dedup"). */
export interface DedupOptions {
  /**
   * Drop events whose (`source`, `id`) was already stored within the window.
   * @defaultValue `true`
   */
  enabled?: boolean
  /**
   * How long a stored event's key is remembered, in ms: a retry within it stores nothing again.
   * @defaultValue `3600000` (1 hour)
   */
  windowMs?: number
  /**
   * How long a request may hold an event's key while it publishes, in ms; a copy arriving
   * meanwhile is answered 503 so its client retries. Keep it above `publishTimeoutMs`.
   * @defaultValue `30000`
   */
  pendingMs?: number
  /**
   * Most keys the in-memory store keeps, the newest half of them at least; past it the window
   * gets shorter. Redis keeps each key for the window.
   * @defaultValue `200000`
   */
  maxEntries?: number
}

/** Defaults of {@link DedupOptions}. */
export const dedupDefaults = {
  enabled: true,
  windowMs: 3_600_000,
  pendingMs: 30_000,
  maxEntries: 200_000,
} as const satisfies Required<DedupOptions>
