import type { CloudEvent } from '@clickstream/schema'
import type { ClaimStatus } from '../dedup/dedup-store.js'
import { sourceKey } from '../source-key.js'

/** The events of a batch after dedup. */
export interface DedupOutcome<E> {
  /** New events, this request's to publish. */
  fresh: E[]
  /** Events already published (or repeated within this batch): answered as accepted, not sent. */
  duplicates: E[]
  /** Events another request is publishing right now: this request answers 503 for them. */
  pending: E[]
}

/** The dedup key of an event: CloudEvents §3.1.1 makes `source` + `id` unique per distinct event. */
export const dedupKey = (event: Pick<CloudEvent, 'source' | 'id'>): string =>
  sourceKey(event.source, event.id)

/** The distinct dedup keys of `events`, in first-seen order: what to claim in the store. */
export function dedupKeys(events: readonly Pick<CloudEvent, 'source' | 'id'>[]): string[] {
  const keys: string[] = []
  const seen = new Set<string>()
  for (const event of events) {
    const key = dedupKey(event)
    if (!seen.has(key)) {
      seen.add(key)
      keys.push(key)
    }
  }
  return keys
}

/**
 * Dedup stage: splits events by what the store answered for their keys (`statuses`, from a claim
 * on {@link dedupKeys}). A key repeated within the batch is a duplicate after its first event.
 */
export function splitDuplicates<E extends Pick<CloudEvent, 'source' | 'id'>>(
  events: readonly E[],
  statuses: ReadonlyMap<string, ClaimStatus>
): DedupOutcome<E> {
  const outcome: DedupOutcome<E> = { fresh: [], duplicates: [], pending: [] }
  const seen = new Set<string>()
  for (const event of events) {
    const key = dedupKey(event)
    const status = seen.has(key) ? 'duplicate' : (statuses.get(key) ?? 'claimed')
    seen.add(key)
    if (status === 'claimed') outcome.fresh.push(event)
    else if (status === 'duplicate') outcome.duplicates.push(event)
    else outcome.pending.push(event)
  }
  return outcome
}
