/** The first retry waits about this long; each failure doubles it, up to `MAX_BACKOFF_MS`. */
export const BASE_BACKOFF_MS = 1000
export const MAX_BACKOFF_MS = 60_000
/** The longest `Retry-After` the SDK honours: a proxy's day-long value must not stall it. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000

/**
 * How long to wait before retry number `failures` (1-based). A `Retry-After` in seconds (RFC 9110
 * §10.2.3; the collector sends seconds, and the rare HTTP-date form counts as absent) wins, plus
 * up to 10 % so that many clients do not return at once; otherwise exponential backoff with
 * "equal jitter": half the delay fixed, half random.
 */
export const retryDelay = (
  failures: number,
  retryAfter: string | null,
  random: () => number = Math.random
): number => {
  // `Number(null)` is 0: only a header that is there counts.
  const after = retryAfter ? Number(retryAfter) * 1000 : NaN
  if (after >= 0) return Math.min(after, MAX_RETRY_AFTER_MS) * (1 + random() / 10)
  const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (failures - 1))
  return (delay / 2) * (1 + random())
}
