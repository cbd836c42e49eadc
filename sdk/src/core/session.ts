import type { KeyValueStore } from './storage.js'

/** localStorage key of the session: id, start, last activity, last sequence number, campaign. */
export const SESSION_KEY = 'cs_sid'

/** Inactivity after which the next event starts a new session: the web analytics convention. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000

/** The longest session; the collector cuts sessions at the same age (`maxDurationMs`). */
export const SESSION_MAX_MS = 24 * 60 * 60 * 1000

/** Where an event falls in its session. */
export interface SessionPosition {
  /** Session id (`sessionid`). */
  id: string
  /** 1-based number of the event within the session (`seq`). */
  seq: number
}

interface StoredSession {
  id: string
  /** Start, Unix ms. */
  s: number
  /** Last activity, Unix ms. */
  at: number
  seq: number
  /** The campaign of the page view that started it, if any. */
  c?: string
}

const read = (raw: string | null): StoredSession | undefined => {
  try {
    const value = JSON.parse(raw!) as StoredSession | null
    // Whatever else is in the slot (corrupt, foreign, older) starts afresh.
    if (value!.seq >= 0 && value!.s >= 0 && value!.id) return value!
  } catch {
    // Not JSON.
  }
  return undefined
}

/**
 * The campaign of a page's query (`utm_source|utm_medium|utm_campaign`, the collector's key), or
 * undefined without any of them.
 */
export const campaignOf = (search: string): string | undefined => {
  const query = new URLSearchParams(search)
  const key = ['source', 'medium', 'campaign'].map((name) => query.get('utm_' + name) ?? '')
  return key.join('') ? key.join('|') : undefined
}

/** The session is written at most this often, and when the page is hidden or left (`save`). */
export const SESSION_WRITE_MS = 1000

/**
 * The session: `next(at, campaign)` places one event at time `at` in the current session,
 * starting a new one after 30 minutes of inactivity, after 24 hours, or when a page view brings
 * another campaign. It lives in memory, read from the store when first needed and written back
 * at most once a second (localStorage writes cost the main thread tens of microseconds) and on
 * `save()`; `sync(value)` takes another tab's write (the `storage` event), so tabs of one site
 * share the session, and so do page loads. Two tabs capturing within one second can give one
 * sequence number twice: `seq` orders the events of a tab.
 */
export const createSession = (store: KeyValueStore, newId: () => string) => {
  let memory: StoredSession | undefined
  /** When the session was last written; a new session is written at once. */
  let written = -Infinity
  let loaded = false
  const save = () => {
    if (memory) store.set(SESSION_KEY, JSON.stringify(memory))
  }
  return {
    next: (at: number, campaign?: string): SessionPosition => {
      if (!loaded) {
        loaded = true
        memory = read(store.get(SESSION_KEY))
      }
      let session = memory
      if (
        !session ||
        at - session.at > SESSION_TIMEOUT_MS ||
        at - session.s > SESSION_MAX_MS ||
        (campaign && campaign !== session.c)
      ) {
        session = { id: newId(), s: at, at, seq: 0, c: campaign }
        written = -Infinity
      }
      // A clock set back must not make the session look younger than it is.
      memory = { ...session, at: Math.max(at, session.at), seq: session.seq + 1 }
      if (at - written > SESSION_WRITE_MS) {
        written = at
        save()
      }
      return memory
    },
    save,
    /**
     * Takes the session another tab stored, unless it is unreadable or older than this tab's:
     * the write a tab's previous page made as it unloaded can reach the next page late.
     */
    sync: (value: string | null) => {
      const other = read(value)
      if (other && !(memory && memory.at >= other.at)) memory = other
    },
    /** Forgets the session: the next event starts a new one. */
    reset: () => {
      memory = undefined
      store.remove(SESSION_KEY)
    },
  }
}
