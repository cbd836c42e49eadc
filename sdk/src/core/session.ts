import type { KeyValueStore } from './storage.js'

/** localStorage key of the session: id, last activity and the last sequence number. */
export const SESSION_KEY = 'cs_sid'

/** Inactivity after which the next event starts a new session: the web analytics convention. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000

/** Where an event falls in its session. */
export interface SessionPosition {
  /** Session id (`sessionid`). */
  id: string
  /** 1-based number of the event within the session (`seq`). */
  seq: number
}

interface StoredSession {
  id: string
  /** Last activity, Unix ms. */
  at: number
  seq: number
}

const read = (raw: string | null): StoredSession | undefined => {
  try {
    const value = raw && (JSON.parse(raw) as Partial<StoredSession>)
    if (value && typeof value.id == 'string' && value.at! >= 0 && value.seq! >= 0) {
      return value as StoredSession
    }
  } catch {
    // Corrupt or foreign value: start afresh.
  }
  return undefined
}

/**
 * Returns `next(at)`, which places one event at time `at` in the current session, starting a new
 * one after `timeoutMs` of inactivity. The state is read from the store on every event, so tabs
 * of one site share a session and continue its sequence, and so do page loads.
 */
export const createSession = (
  store: KeyValueStore,
  newId: () => string,
  timeoutMs = SESSION_TIMEOUT_MS
) => {
  return (at: number): SessionPosition => {
    let session = read(store.get(SESSION_KEY))
    if (!session || at - session.at > timeoutMs) session = { id: newId(), at, seq: 0 }
    // A clock set back must not make the session look younger than it is.
    session = { id: session.id, at: Math.max(at, session.at), seq: session.seq + 1 }
    store.set(SESSION_KEY, JSON.stringify(session))
    return { id: session.id, seq: session.seq }
  }
}
