import { EXTENSIONS, LIMITS } from '@clickstream/schema/constants'
import type { KeyValueStore } from '../core/storage.js'
import { log } from '../log.js'

/**
 * The persistent queue, and how tabs share it without sending an event twice.
 *
 * Every tab (every page load, in fact) has a random tab id and keeps its queue in one
 * localStorage key, `cs_q.<tab>`: a lease (the time the tab last wrote it) on the first line and
 * one event (JSON) per line after it. Only the owner reads, sends or deletes its key while it is
 * alive, so two tabs never write the same key. Writes wait up to `WRITE_MS` and go together (a
 * crash loses at most that second), and happen at once when the page is hidden or left.
 *
 * When a page is hidden or left, its events go with `sendBeacon`; what cannot go (offline, the
 * collector failing, the beacon refused) is released: the lease becomes `0` and the tab takes a
 * new tab id, so the released key is nobody's. Any tab may adopt a released key, or one whose
 * lease is older than `LEASE_MS` (a crashed tab): it moves the events into its own queue and
 * deletes the key, inside a Web Lock (delivery/tab-lock.ts) so that two tabs never adopt the same
 * key. Adoption runs at start, when another tab releases a key (the `storage` event) and every
 * `LEASE_MS / 4`, which also renews the lease (a tab hidden and shown again takes its own
 * released key back then, unless another tab did). One case is left to the collector's duplicate
 * detection by event id: a visible tab that slept longer than the lease with events it could not
 * send (a laptop closed while offline), whose queue another tab adopted in the same moment it woke
 * up and sent it.
 *
 * Events in flight when the page goes away leave storage: `keepalive` carries the request on, and
 * keeping them would send them again from the next page. The queue is bounded by count and bytes,
 * and events older than `TTL_MS` are dropped; the drops are counted, and the count goes out with
 * the next request (the `dropped` extension of its first event).
 */
export const QUEUE_PREFIX = 'cs_q.'

/** The queue is written at most this often: localStorage writes cost the main thread. */
export const WRITE_MS = 1000
/** A tab that has not renewed its lease for this long is taken for gone. */
export const LEASE_MS = 2 * 60 * 1000
/** Events older than this are not worth sending any more. */
export const TTL_MS = 7 * 24 * 60 * 60 * 1000
/** Bounds of one tab's queue: localStorage holds 5 MB for the whole site. */
export const MAX_EVENTS = 1000
export const MAX_BYTES = 512 * 1024

interface Entry {
  id: string
  json: string
  /** Its length in UTF-16 units: the bounds and the batch trigger need no more precision. */
  bytes: number
  /** Its capture time, read from the id once it is the oldest event. */
  at?: number
  flying?: boolean
  /** In flight when the page was left: keepalive carries it, so it stays out of storage. */
  gone?: boolean
}

/** The events of one request and its body, a JSON array. */
export interface Batch {
  entries: Entry[]
  body: string
  /** The drops this request reports. */
  dropped: number
}

/** UTF-8 length: the limits are in bytes on the wire; ASCII needs no encoder. */
const byteLength = (text: string): number =>
  /[^\x20-\x7e]/.test(text) ? new TextEncoder().encode(text).length : text.length

/** Capture time of a UUIDv7, from its first 48 bits. */
const timeOf = (id: string): number => parseInt(id.slice(0, 8) + id.slice(9, 13), 16)

/** What the queue needs; `now` and the tab ids are injected for tests. */
export interface QueueContext {
  store: KeyValueStore
  newTabId: () => string
  now: () => number
}

/** Creates the queue of this tab (see the comment at the top of this file). */
export const createQueue = ({ store, newTabId, now }: QueueContext) => {
  /** This tab's key: `cs_q.` and the tab id. */
  let key = QUEUE_PREFIX + newTabId()
  let entries: Entry[] = []
  /** The bytes of `entries`, kept up to date: the bounds and the batch trigger read it per event. */
  let size = 0
  let dropped = 0
  let pending: ReturnType<typeof setTimeout> | undefined

  const write = (lease: number, list: Entry[]) =>
    store.set(key, [lease, ...list.map((entry) => entry.json)].join('\n'))
  const persist = () => {
    clearTimeout(pending)
    pending = undefined
    const kept = entries.filter((entry) => !entry.gone)
    if (kept.length) write(now(), kept)
    else store.remove(key)
  }
  const save = () => (pending ||= setTimeout(persist, WRITE_MS))
  const add = (entry: Entry) => {
    entries.push(entry)
    size += entry.bytes
  }
  const forget = (gone: Entry[]) => {
    entries = entries.filter((entry) => {
      if (!gone.includes(entry)) return true
      size -= entry.bytes
      return false
    })
  }
  /** Keeps within the bounds and the TTL: the oldest go first, never what is in flight. */
  const trim = () => {
    for (let i = 0, entry; (entry = entries[i]);) {
      if (
        entries.length <= MAX_EVENTS &&
        size <= MAX_BYTES &&
        now() - (entry.at ??= timeOf(entry.id)) <= TTL_MS
      )
        return
      if (entry.flying) i++
      else {
        log('dropped an old event (queue full or expired)', entry.id)
        entries.splice(i, 1)
        size -= entry.bytes
        dropped++
        save()
      }
    }
  }
  return {
    /** Queues one serialized event. */
    push: (id: string, json: string): void => {
      const entry: Entry = { id, json, bytes: json.length }
      // UTF-8 takes at most 3 bytes a unit: only a long event is worth measuring exactly.
      if (json.length * 3 > LIMITS.maxEventBytes && byteLength(json) > LIMITS.maxEventBytes) {
        log('dropped an event too large to send', id)
        dropped++
        return
      }
      add(entry)
      save()
      trim()
    },
    /** Events queued (in flight or not), and their bytes. */
    size: () => entries.length,
    bytes: () => size,
    /**
     * Takes the oldest waiting events that fit in one request, each stamped with `sentat`, and
     * marks them in flight; answers undefined when nothing waits.
     */
    take: (sentAt: string): Batch | undefined => {
      trim()
      const taken: Entry[] = []
      const parts: string[] = []
      // The brackets; each event adds its length, a comma and the extensions added here.
      let length = 1
      for (const entry of entries) {
        if (entry.flying) continue
        const extra =
          `,"${EXTENSIONS.sentAt}":"${sentAt}"` +
          (parts.length || !dropped ? '' : `,"${EXTENSIONS.dropped}":${dropped}`)
        length += byteLength(entry.json) + extra.length + 1
        if (length > LIMITS.maxSdkRequestBytes || parts.length === LIMITS.maxBatchEvents) break
        parts.push(entry.json.slice(0, -1) + extra + '}')
        entry.flying = true
        taken.push(entry)
      }
      return parts.length ? { entries: taken, body: `[${parts}]`, dropped } : undefined
    },
    /**
     * The collector took (or refused for good) a batch: `done`; or it goes back to wait. A
     * request left `unanswered` by a page that went away meanwhile is not sent again: browsers
     * fail the fetch in the page while keepalive carries the request on to the collector.
     */
    settle: (batch: Batch, done: boolean, unanswered?: boolean): void => {
      if (done) dropped -= batch.dropped
      forget(batch.entries.filter((entry) => done || (unanswered && entry.gone)))
      for (const entry of batch.entries) entry.flying = entry.gone = false
      save()
    },
    /**
     * The page is hidden or going away: what is in flight leaves storage (keepalive carries it),
     * what waits is handed over to whichever tab adopts it next, this one included.
     */
    release: (): void => {
      const waiting = entries.filter((entry) => !entry.flying)
      if (waiting.length) write(0, waiting)
      else store.remove(key)
      forget(waiting)
      for (const entry of entries) entry.gone = true
      clearTimeout(pending)
      pending = undefined
      key = QUEUE_PREFIX + newTabId()
    },
    /** Takes over the queues of other tabs that released or abandoned them; answers how many events. */
    adopt: (): number => {
      let adopted = 0
      for (const other of store.keys()) {
        if (!other.startsWith(QUEUE_PREFIX) || other === key) continue
        const [lease, ...lines] = (store.get(other) || '').split('\n')
        if (now() - +lease! <= LEASE_MS) continue
        store.remove(other)
        for (const json of lines) {
          // The envelope's id is the first "id" of the line: `data` comes after it.
          const id = /"id":"([\w-]+)"/.exec(json)?.[1]
          if (id) {
            add({ id, json, bytes: json.length })
            adopted++
          }
        }
      }
      entries.sort((a, b) => (a.id < b.id ? -1 : 1))
      trim()
      // Renews the lease: what this tab holds is not abandoned.
      if (entries.length) persist()
      return adopted
    },
    /** Forgets every queued event (consent denied; the caller removes the stored ones). */
    clear: (): void => {
      entries = []
      size = 0
    },
  }
}

/** The queue of one tab. */
export type EventQueue = ReturnType<typeof createQueue>
