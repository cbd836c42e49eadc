import type { CloudEvent } from '@clickstream/schema'
import type { DeliveryMode } from '../publisher.js'
import type { CompiledRoute } from '../routing/route-rules.js'
import type { EnrichedEvent } from './enrich.js'

/** An event with the topic it goes to and the guarantee its route asks for. */
export interface RoutedEvent {
  topic: string
  event: EnrichedEvent
  delivery: DeliveryMode
}

/** An event a route dropped, by rule (`drop`) or by sampling (`sampled`): counted, never silent. */
export interface DroppedEvent {
  route: string
  reason: 'drop' | 'sampled'
  event: CloudEvent
}

/** What the route stage made of a batch. */
export interface RoutedBatch {
  routed: RoutedEvent[]
  dropped: DroppedEvent[]
}

/**
 * Whether sampling at `rate` keeps the event with this id: a 32-bit FNV-1a hash of the id, mixed
 * with MurmurHash3's finalizer (ids such as UUIDv7 differ in few characters), mapped to [0, 1).
 * Deterministic, so a retried event gets the same verdict as its first attempt.
 */
export function sampleKeeps(id: string, rate: number): boolean {
  if (rate >= 1) return true
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return (hash >>> 0) / 0x1_0000_0000 < rate
}

/**
 * Route stage: the first rule whose pattern matches the event's type decides its topics (one
 * routed record per topic), or drops it, or samples it. The defaults at the end of `routes`
 * match everything.
 */
export function routeEvents(
  events: readonly EnrichedEvent[],
  routes: readonly CompiledRoute[]
): RoutedBatch {
  const batch: RoutedBatch = { routed: [], dropped: [] }
  for (const event of events) {
    const route = routes.find((candidate) => candidate.matches(event.type))
    if (!route) continue
    if (route.drop) {
      batch.dropped.push({ route: route.name, reason: 'drop', event })
    } else if (!sampleKeeps(event.id, route.sample)) {
      batch.dropped.push({ route: route.name, reason: 'sampled', event })
    } else {
      for (const topic of route.topics)
        batch.routed.push({ topic, event, delivery: route.delivery })
    }
  }
  return batch
}
