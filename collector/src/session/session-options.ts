/** How the collector sessionizes (docs/configuration.md, "session"). */
export interface SessionOptions {
  /**
   * Inactivity after which a visitor's next event starts a new session, in ms.
   * @defaultValue `1800000` (30 minutes)
   */
  inactivityMs?: number
  /**
   * Longest session, in ms: the first event past it starts a new one.
   * @defaultValue `86400000` (24 hours)
   */
  maxDurationMs?: number
  /**
   * Start a new session when a page view arrives with another UTM campaign.
   * @defaultValue `true`
   */
  newSessionOnCampaign?: boolean
  /**
   * How long a visitor's session state is kept after its last event, in ms; a visitor coming
   * back later counts as new.
   * @defaultValue `604800000` (7 days)
   */
  stateTtlMs?: number
  /**
   * Most visitors the in-memory store keeps, the least recently seen forgotten first; the Redis
   * store is bounded by its TTL.
   * @defaultValue `100000`
   */
  maxVisitors?: number
}

/** Defaults of {@link SessionOptions}. */
export const sessionDefaults = {
  inactivityMs: 30 * 60_000,
  maxDurationMs: 24 * 3_600_000,
  newSessionOnCampaign: true,
  stateTtlMs: 7 * 24 * 3_600_000,
  maxVisitors: 100_000,
} as const satisfies Required<SessionOptions>
