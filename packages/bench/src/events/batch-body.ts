import { randomBytes } from 'node:crypto'
import { catalogue, EVENT_TYPES, type EventType } from '@clickstream/schema'

/** How {@link createBatchBodies} shapes its request bodies. */
export interface BatchBodyOptions {
  /**
   * Events per request body.
   * @defaultValue `20`
   */
  eventsPerBatch?: number
  /**
   * Distinct visitors (anonymous id + session id pairs) the bodies rotate through: Kafka keys
   * spread over the partitions like real traffic, and after the first round every request
   * continues a session the collector knows, the steady state of a live site.
   * @defaultValue `1000`
   */
  sessions?: number
  /**
   * CloudEvents `source` of every event.
   * @defaultValue `'https://shop.example'`
   */
  source?: string
}

/** A generator of SDK-shaped request bodies whose event ids never repeat within a process. */
export interface BatchBodies {
  /** The next body: a JSON array of events, fresh ids, current `time`/`sentat`. */
  next(): string
  /** Events in each body. */
  readonly eventsPerBatch: number
  /** Bytes of one body (every body has the same length). */
  readonly bodyBytes: number
  /** Mean bytes of one serialized event in a body (brackets and commas spread over them). */
  readonly eventBytes: number
}

const defaults = {
  eventsPerBatch: 20,
  sessions: 1_000,
  source: 'https://shop.example',
} satisfies Required<BatchBodyOptions>

function exampleOf(type: EventType): Record<string, unknown> {
  const entry = catalogue.find((candidate) => candidate.type === type)
  if (!entry) throw new Error(`the catalogue has no ${type}`)
  return entry.example as Record<string, unknown>
}

/**
 * A browsing session as the SDK captures it (mostly clicks, some actions and scroll marks, a page
 * view), built from the catalogue's own examples (packages/schema) so the events stay valid as
 * the schemas change. Most clicks hit a plain element (the dead-click example's span), the rest a
 * button with an id, classes and `data-cs-*` attributes: the mean event is about 470 bytes.
 */
function sessionMix(): { type: EventType; data: unknown }[] {
  const button = exampleOf(EVENT_TYPES.click)
  const plain = exampleOf(EVENT_TYPES.deadClick)
  const of = (type: EventType, data = exampleOf(type)) => ({ type, data })
  return [
    of(EVENT_TYPES.pageView),
    of(EVENT_TYPES.click, plain),
    of(EVENT_TYPES.scrollDepth),
    of(EVENT_TYPES.click, button),
    of(EVENT_TYPES.click, plain),
    of(EVENT_TYPES.action),
    of(EVENT_TYPES.click, plain),
    of(EVENT_TYPES.scrollDepth),
    of(EVENT_TYPES.click, button),
    of(EVENT_TYPES.deadClick),
    of(EVENT_TYPES.click, plain),
    of(EVENT_TYPES.action),
    of(EVENT_TYPES.click, plain),
    of(EVENT_TYPES.scrollDepth),
    of(EVENT_TYPES.click, button),
    of(EVENT_TYPES.click, plain),
    of(EVENT_TYPES.action),
    of(EVENT_TYPES.click, plain),
    of(EVENT_TYPES.scrollDepth),
    of(EVENT_TYPES.click, button),
  ]
}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0')

/**
 * A UUIDv7 (RFC 9562 §5.7) without its last two hex digits: 48-bit ms timestamp, version 7,
 * variant 10xx, then `tail` (16 hex digits).
 */
function uuidV7Prefix(ms: number, tail: string): string {
  const t = hex(ms, 12)
  return `${t.slice(0, 8)}-${t.slice(8)}-7${tail.slice(0, 3)}-a${tail.slice(3, 6)}-${tail.slice(6)}`
}

/**
 * Creates SDK-shaped bodies of `eventsPerBatch` CloudEvents (about 470 bytes each). The body is
 * serialized once around placeholders, so `next()` only concatenates strings: the load generator
 * must not become the bottleneck it measures. Every id is unique (a run salt, a body counter, the
 * event's index), because the collector drops repeated (`source`, `id`) pairs.
 */
export function createBatchBodies(options: BatchBodyOptions = {}): BatchBodies {
  const { eventsPerBatch, sessions, source } = { ...defaults, ...options }
  if (eventsPerBatch > 256) throw new RangeError('at most 256 events per batch')
  // 6 + 10 hex digits (salt, counter) + 2 (event index) fill the 18 free digits of a UUIDv7.
  const salt = randomBytes(3).toString('hex')
  const started = Date.now()
  const visitors = Array.from({ length: sessions }, (_, index) => ({
    anonymousid: `${uuidV7Prefix(started - 86_400_000, `${salt}${hex(index, 10)}`)}00`,
    sessionid: `${uuidV7Prefix(started, `${salt}${hex(index, 10)}`)}11`,
  }))
  const indexHex = Array.from({ length: eventsPerBatch }, (_, index) => hex(index, 2))

  const mix = sessionMix()
  const events = Array.from({ length: eventsPerBatch }, (_, index) => {
    const { type, data } = mix[index % mix.length]!
    return {
      specversion: '1.0',
      id: `\u0000${index}\u0000`,
      source,
      type,
      time: '\u0000time\u0000',
      subject: '/products/42',
      datacontenttype: 'application/json',
      anonymousid: '\u0000anonymousid\u0000',
      sessionid: '\u0000sessionid\u0000',
      seq: `\u0000seq${index}\u0000`,
      sentat: '\u0000sentat\u0000',
      data,
    }
  })
  // JSON.stringify writes U+0000 as the six characters \u0000, which no example contains.
  const parts = JSON.stringify(events).split('\\u0000')
  const literals = parts.filter((_, index) => index % 2 === 0)
  const slots = parts.filter((_, index) => index % 2 === 1)
  // `seq` is a JSON number: drop the quotes around its placeholder.
  slots.forEach((slot, index) => {
    if (!slot.startsWith('seq')) return
    literals[index] = literals[index]!.slice(0, -1)
    literals[index + 1] = literals[index + 1]!.slice(1)
  })

  let counter = 0
  const render = () => {
    const now = Date.now()
    const visitor = visitors[counter % sessions]!
    const idPrefix = uuidV7Prefix(now, `${salt}${hex(counter, 10)}`)
    const time = new Date(now - 1_000).toISOString()
    const sentat = new Date(now).toISOString()
    // Each visitor's events are numbered on across its requests, as the SDK numbers a session.
    const seqBase = Math.floor(counter / sessions) * eventsPerBatch + 1
    counter++
    let body = literals[0]!
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index]!
      let value: string
      if (slot === 'time') value = time
      else if (slot === 'sentat') value = sentat
      else if (slot === 'anonymousid') value = visitor.anonymousid
      else if (slot === 'sessionid') value = visitor.sessionid
      else if (slot.startsWith('seq')) value = String(seqBase + Number(slot.slice(3)))
      else value = idPrefix + indexHex[Number(slot)]!
      body += value + literals[index + 1]!
    }
    return body
  }

  const bodyBytes = Buffer.byteLength(render())
  return { next: render, eventsPerBatch, bodyBytes, eventBytes: bodyBytes / eventsPerBatch }
}
