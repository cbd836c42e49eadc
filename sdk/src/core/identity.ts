import { EXTENSIONS } from '@clickstream/schema/constants'
import type { SdkEvent } from './event.js'
import { createSession } from './session.js'
import type { KeyValueStore } from './storage.js'

/** localStorage keys of the anonymous visitor id and of the site's user id. */
export const ANONYMOUS_ID_KEY = 'cs_aid'
export const USER_ID_KEY = 'cs_uid'

/** The schema caps ids at 128 characters and user ids at 256: anything else is not ours. */
const valid = (id: string | null | undefined, max: number): id is string => !!id && id.length <= max

/**
 * Who the events are about: the anonymous id, the session and the site's user id, read from the
 * store when first needed (not before consent) and kept in memory when it cannot store them.
 * Cookieless, events carry no anonymous or session id at all, only a user id the site gave on
 * this page: the collector then derives visitor and session itself.
 */
export const createIdentity = (store: KeyValueStore, newId: () => string, cookieless: boolean) => {
  const session = createSession(store, newId)
  let anonymousId: string | undefined
  let userId: string | undefined | null
  return {
    /** Adds `anonymousid`, `sessionid`, `seq` and `userid` to an event captured at `at`. */
    stamp: (event: SdkEvent, at: number, campaign?: string): void => {
      if (!cookieless) {
        if (!anonymousId) {
          anonymousId = store.get(ANONYMOUS_ID_KEY) ?? undefined
          if (!valid(anonymousId, 128)) store.set(ANONYMOUS_ID_KEY, (anonymousId = newId()))
        }
        const { id, seq } = session.next(at, campaign)
        event[EXTENSIONS.anonymousId] = anonymousId
        event[EXTENSIONS.sessionId] = id
        event[EXTENSIONS.sequence] = seq
      }
      if (userId === undefined) userId = store.get(USER_ID_KEY)
      if (valid(userId, 256)) event[EXTENSIONS.userId] = userId
    },
    /** Names the visitor with the site's user id; answers false for an unusable id. */
    identify: (id: unknown): boolean => {
      if (typeof id != 'string' || !valid(id, 256)) return false
      store.set(USER_ID_KEY, (userId = id))
      return true
    },
    /** Writes the session now: the page is hidden or going away. */
    save: session.save,
    /** Takes the session another tab stored. */
    sync: session.sync,
    /** Forgets the user id, the anonymous id and the session: the next visitor starts afresh. */
    reset: (): void => {
      userId = anonymousId = undefined
      for (const key of [USER_ID_KEY, ANONYMOUS_ID_KEY]) store.remove(key)
      session.reset()
    },
  }
}
