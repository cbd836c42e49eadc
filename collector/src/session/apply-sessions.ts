import type { EnrichedEvent } from '../pipeline/enrich.js'
import {
  sessionizeVisitor,
  type SessionRules,
  type SessionizedEvent,
  type VisitorSessions,
} from '../pipeline/sessionize.js'
import { sourceKey } from '../source-key.js'
import type { SessionStore } from './session-store.js'

/** Events of one visitor of one site: the unit the store updates atomically. */
interface VisitorGroup {
  key: string
  visitorId: string
  events: EnrichedEvent[]
}

/**
 * Runs the sessionize stage for a batch at the edge: groups the events by site and visitor,
 * and for each group lets the store apply the pure {@link sessionizeVisitor} to the visitor's
 * state atomically (groups in parallel). Returns every event sessionized, each session start
 * right before the event that started it, so the start is produced first on the session's key.
 */
export async function applySessions(
  events: readonly EnrichedEvent[],
  visitorIds: readonly string[],
  store: SessionStore,
  rules: SessionRules,
  stateTtlMs: number
): Promise<SessionizedEvent[]> {
  const groups = new Map<string, VisitorGroup>()
  let group: VisitorGroup | undefined
  let groupSource = ''
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!
    const visitorId = visitorIds[index]!
    // A batch is usually one visitor's: the previous event's group, without a key to build.
    if (group?.visitorId !== visitorId || groupSource !== event.source) {
      const key = sourceKey(event.source, visitorId)
      group = groups.get(key)
      if (!group) groups.set(key, (group = { key, visitorId, events: [] }))
      groupSource = event.source
    }
    group.events.push(event)
  }
  const outcomes = await Promise.all(
    [...groups.values()].map((group) =>
      store.update<VisitorSessions>(
        group.key,
        (current) => {
          const outcome = sessionizeVisitor(current, group.events, group.visitorId, rules)
          // A group has at least one event, so the outcome has a state.
          return { state: outcome.state!, result: outcome }
        },
        stateTtlMs
      )
    )
  )
  const ordered: SessionizedEvent[] = []
  for (const { events: sessionized, starts } of outcomes) {
    const pending = [...starts]
    for (const event of sessionized) {
      const at = pending.findIndex((start) => start.collectorsessionid === event.collectorsessionid)
      if (at >= 0) ordered.push(...pending.splice(at, 1))
      ordered.push(event)
    }
  }
  return ordered
}
