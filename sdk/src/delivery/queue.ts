import type { SdkEvent } from '../core/event.js'

/**
 * The events waiting to be sent, oldest first. In memory for now; a persistent queue mirrored
 * to localStorage implements the same interface.
 */
export interface EventQueue {
  push(event: SdkEvent): void
  /** The oldest event, left in the queue. */
  peek(): SdkEvent | undefined
  /** Removes and answers the oldest event. */
  shift(): SdkEvent | undefined
  /** Puts events that could not be delivered back at the head, in their order. */
  requeue(events: SdkEvent[]): void
  size(): number
}

/** An in-memory queue that keeps the newest `capacity` events when the collector is away. */
export const createMemoryQueue = (capacity = 1000): EventQueue => {
  let events: SdkEvent[] = []
  const trim = () => {
    if (events.length > capacity) events = events.slice(-capacity)
  }
  return {
    push: (event) => {
      events.push(event)
      trim()
    },
    peek: () => events[0],
    shift: () => events.shift(),
    requeue: (failed) => {
      events = failed.concat(events)
      trim()
    },
    size: () => events.length,
  }
}
