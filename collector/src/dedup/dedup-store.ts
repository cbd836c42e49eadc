/**
 * What a claim on an event key found: `claimed` (new, now this request's to publish), `duplicate`
 * (already published within the window) or `pending` (another request is publishing it now).
 */
export type ClaimStatus = 'claimed' | 'duplicate' | 'pending'

/**
 * Where the dedup window lives: in memory for one collector, in Redis for many. A key is
 * claimed before publishing and confirmed after Kafka's acknowledgement, so that a failed
 * publish never hides the client's retry as a duplicate.
 */
export interface DedupStore {
  /**
   * Claims each key for `pendingMs` on behalf of `token` (one per request), atomically per key.
   * Answers one status per key, in order.
   */
  claim(keys: readonly string[], token: string, pendingMs: number): Promise<ClaimStatus[]>
  /** Marks claimed keys as published, remembered for `windowMs`. */
  confirm(keys: readonly string[], token: string, windowMs: number): Promise<void>
  /** Gives up claims of `token` after a failed publish, so the retry is not a duplicate. */
  release(keys: readonly string[], token: string): Promise<void>
}
