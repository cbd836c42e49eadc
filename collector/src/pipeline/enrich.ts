import type { CloudEvent } from '@clickstream/schema'

/** A scalar CloudEvents extension value (CloudEvents §3.1.1 type system). */
export type ExtensionValue = string | number | boolean

/** An event after enrichment: it always has a receive time and a partition key. */
export type EnrichedEvent = CloudEvent & {
  receivedat: ExtensionValue
  partitionkey: ExtensionValue
}

/** What the enrich stage knows about the request, measured at the edge. */
export interface EnrichContext {
  /** When the request arrived, in ms since the epoch. */
  receivedAt: number
}

/**
 * Enrich stage: adds `receivedat` and `partitionkey` (session id, else anonymous id, else event
 * id). Attributes the client set are never overwritten.
 */
export function enrichEvent(event: CloudEvent, context: EnrichContext): EnrichedEvent {
  return {
    ...event,
    receivedat:
      (event.receivedat as ExtensionValue | undefined) ??
      new Date(context.receivedAt).toISOString(),
    // CloudEvents Partitioning extension: the key that keeps one session on one partition.
    partitionkey:
      (event.partitionkey as ExtensionValue | undefined) ??
      event.sessionid ??
      event.anonymousid ??
      event.id,
  }
}
