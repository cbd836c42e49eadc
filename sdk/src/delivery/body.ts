import { EXTENSIONS } from '@clickstream/schema/constants'
import type { SdkEvent } from '../core/event.js'
import type { EventQueue } from './queue.js'

/** One request: its events and their JSON array. */
export interface RequestBody {
  events: SdkEvent[]
  body: string
}

const encoder = /* @__PURE__ */ new TextEncoder()

/** UTF-8 length: the limits are in bytes on the wire, not UTF-16 code units. */
const byteLength = (text: string): number => encoder.encode(text).length

/**
 * Takes from the head of the queue the events of one request: as many as fit in `maxBytes` and
 * `maxEvents`, each stamped with `sentat`. An event that alone exceeds `maxBytes` can never be
 * sent, so it is taken out and handed to `oversize`.
 */
export const takeBody = (
  queue: EventQueue,
  sentAt: string,
  maxBytes: number,
  maxEvents: number,
  oversize: (event: SdkEvent) => void
): RequestBody => {
  const events: SdkEvent[] = []
  const parts: string[] = []
  // The brackets of the array; each event adds its length and a comma.
  let bytes = 1
  for (let event = queue.peek(); event && events.length < maxEvents; event = queue.peek()) {
    event[EXTENSIONS.sentAt] = sentAt
    const json = JSON.stringify(event)
    const size = byteLength(json) + 1
    if (bytes + size > maxBytes) {
      if (events.length) break
      oversize(queue.shift()!)
      continue
    }
    events.push(queue.shift()!)
    parts.push(json)
    bytes += size
  }
  return { events, body: `[${parts.join(',')}]` }
}
