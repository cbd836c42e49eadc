import type { EnrichedEvent } from './enrich.js'

/** An event with the topic it goes to. */
export interface RoutedEvent {
  topic: string
  event: EnrichedEvent
}

/** Where the route stage sends events. */
export interface RouteOptions {
  /** The topic for every event (there is one for now; dead letters and overflow come later). */
  topic: string
}

/** Route stage: picks the Kafka topic of an event. */
export function routeEvent(event: EnrichedEvent, options: RouteOptions): RoutedEvent {
  return { topic: options.topic, event }
}
