import type { CloudEvent } from '@clickstream/schema'
import {
  CONTENT_TYPES,
  EXTENSIONS,
  SPEC_VERSION,
  type EventType,
} from '@clickstream/schema/constants'
import type { SessionPosition } from './session.js'

/** A CloudEvent as the SDK sends it: the extensions of docs/protocol.md are always there. */
export type SdkEvent<D = unknown> = CloudEvent<D> &
  Record<typeof EXTENSIONS.anonymousId | typeof EXTENSIONS.sessionId, string> &
  Record<typeof EXTENSIONS.sequence, number> &
  Partial<Record<typeof EXTENSIONS.sentAt, string>>

/** What every event of one page shares, and the clocks and counters that differ per event. */
export interface EventContext {
  /** CloudEvents `source`: the site. */
  source: string
  anonymousId: string
  now: () => number
  newId: () => string
  session: (at: number) => SessionPosition
  /** CloudEvents `subject`: the page path at capture time. */
  subject: () => string
}

/** Returns `createEvent(type, data)`, which stamps id, capture time, subject and session. */
export const createEventFactory =
  (context: EventContext) =>
  <D>(type: EventType, data: D): SdkEvent<D> => {
    const at = context.now()
    const { id: sessionid, seq } = context.session(at)
    return {
      specversion: SPEC_VERSION,
      id: context.newId(),
      source: context.source,
      type,
      time: new Date(at).toISOString(),
      subject: context.subject().slice(0, 2048),
      datacontenttype: CONTENT_TYPES.json,
      anonymousid: context.anonymousId,
      sessionid,
      seq,
      data,
    }
  }
