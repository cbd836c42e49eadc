import {
  COLLECTOR_EXTENSIONS,
  EVENT_TYPES,
  SPEC_VERSION,
  type SessionStartData,
} from '@clickstream/schema'
import { derivedUuid } from '../derived-id.js'
import type { SessionStartReason, SessionState } from '../session/session-store.js'
import type { EnrichedEvent } from './enrich.js'

/** When the collector starts a new session. */
export interface SessionRules {
  /** Inactivity after which the next event starts a new session, in ms. */
  inactivityMs: number
  /** Longest session, in ms; the first event past it starts a new one. */
  maxDurationMs: number
  /** Start a new session when a page view arrives with another UTM campaign. */
  newSessionOnCampaign: boolean
}

/** An event with the collector's visitor and session. */
export type SessionizedEvent = EnrichedEvent & {
  visitorid: string
  collectorsessionid: string
  collectorseq: number
}

/** One visitor's events, sessionized, the session starts they caused and the visitor's new state. */
export interface VisitorSessions {
  state: SessionState | undefined
  events: SessionizedEvent[]
  /** `clickstream.session_start` events, each for a session that one of `events` started. */
  starts: SessionizedEvent[]
}

const X = COLLECTOR_EXTENSIONS

function campaignKey(event: EnrichedEvent): string | undefined {
  const { utmsource, utmmedium, utmcampaign } = event as Record<string, unknown>
  if (utmsource === undefined && utmmedium === undefined && utmcampaign === undefined) {
    return undefined
  }
  return `${String(utmsource ?? '')}|${String(utmmedium ?? '')}|${String(utmcampaign ?? '')}`
}

function startReason(
  state: SessionState | undefined,
  at: number,
  clientSessionId: string | undefined,
  campaign: string | undefined,
  rules: SessionRules
): SessionStartReason | undefined {
  if (!state) return 'new_visitor'
  if (at - state.startedAt >= rules.maxDurationMs) return 'max_duration'
  if (at - state.lastSeenAt > rules.inactivityMs) return 'inactivity'
  if (rules.newSessionOnCampaign && campaign !== undefined && campaign !== state.campaign) {
    return 'campaign'
  }
  if (
    clientSessionId !== undefined &&
    state.clientSessionId !== undefined &&
    clientSessionId !== state.clientSessionId
  ) {
    return 'client'
  }
  return undefined
}

/**
 * The `clickstream.session_start` event of a session, emitted by the collector ahead of the
 * session's first event and keyed like it. Its id is derived from the session id, so a retry
 * emits the same event and dedup drops the copy. It carries the first event's client ids and
 * the collector's attributes (receive time, user agent, referrer, campaign …).
 */
export function sessionStartEvent(first: SessionizedEvent, state: SessionState): SessionizedEvent {
  const data: SessionStartData = {
    reason: state.startReason,
    ...(state.previousSessionId !== undefined && { previousSessionId: state.previousSessionId }),
  }
  const start: Record<string, unknown> = {
    specversion: SPEC_VERSION,
    id: derivedUuid(EVENT_TYPES.sessionStart, state.sessionId),
    source: first.source,
    type: EVENT_TYPES.sessionStart,
    time: first.correctedtime,
    datacontenttype: 'application/json',
  }
  if (first.subject !== undefined) start.subject = first.subject
  for (const name of ['anonymousid', 'sessionid', 'userid'] as const) {
    if (first[name] !== undefined) start[name] = first[name]
  }
  for (const name of Object.values(X)) {
    if (first[name] !== undefined) start[name] = first[name]
  }
  start[X.collectorSeq] = 0
  start.data = data
  return start as SessionizedEvent
}

/** The event with the collector's visitor, session and number in it. */
function label(
  event: EnrichedEvent,
  visitorId: string,
  sessionId: string,
  seq: number
): SessionizedEvent {
  // Not a spread: enriched events come in many layouts, and a spread of them (Node 20) made V8
  // build a fresh hidden class per copy, about 8 µs per event; `Object.assign` follows shared
  // transitions. The copy keeps the input's attribute order.
  const labeled = Object.assign({}, event) as SessionizedEvent
  labeled.visitorid = visitorId
  labeled.collectorsessionid = sessionId
  labeled.collectorseq = seq
  labeled.partitionkey = sessionId
  return labeled
}

/**
 * Sessionize stage, for one visitor: the collector is the authority on sessions. Each event, in
 * batch order and by its corrected time, continues the visitor's session unless
 * - there is none yet (`new_visitor`),
 * - the session is `maxDurationMs` old (`max_duration`, 24 hours by default),
 * - nothing came for over `inactivityMs` (`inactivity`, 30 minutes by default),
 * - a page view brings another UTM campaign (`campaign`, when `newSessionOnCampaign`),
 * - the SDK switched to another session id (`client`).
 * A new session takes the SDK's session id when the SDK also moved to a fresh one (the ids are
 * then consistent); otherwise the collector derives one. Events are numbered from 1 within their
 * session (`collectorseq`) and keyed by it (`partitionkey`). Pure: the store calls it, perhaps
 * more than once, inside an atomic update.
 */
export function sessionizeVisitor(
  initial: SessionState | undefined,
  events: readonly EnrichedEvent[],
  visitorId: string,
  rules: SessionRules
): VisitorSessions {
  let state = initial
  const out: SessionizedEvent[] = []
  const starts: SessionizedEvent[] = []
  for (const event of events) {
    const at = Date.parse(event.correctedtime)
    const clientSessionId = event.sessionid
    const campaign = event.type === EVENT_TYPES.pageView ? campaignKey(event) : undefined
    if (state && event.id === state.startEventId) {
      // A retry of the request that started this session: its start may not have been stored.
      const first = label(event, visitorId, state.sessionId, 1)
      starts.push(sessionStartEvent(first, state))
      out.push(first)
      continue
    }
    const reason = startReason(state, at, clientSessionId, campaign, rules)
    // `!state` never holds without a reason; it tells the compiler that `state` is set below.
    if (reason || !state) {
      const previousSessionId = state?.sessionId
      const fresh =
        clientSessionId !== undefined &&
        clientSessionId !== state?.clientSessionId &&
        clientSessionId !== previousSessionId
      const sessionId = fresh ? clientSessionId : derivedUuid('session', visitorId, event.id)
      state = {
        sessionId,
        startedAt: at,
        lastSeenAt: at,
        seq: 1,
        startEventId: event.id,
        startReason: reason ?? 'new_visitor',
        ...(clientSessionId !== undefined && { clientSessionId }),
        ...(campaign !== undefined && { campaign }),
        ...(previousSessionId !== undefined && { previousSessionId }),
      }
      const first = label(event, visitorId, sessionId, 1)
      starts.push(sessionStartEvent(first, state))
      out.push(first)
      continue
    }
    // The caller's state stays as it was (this runs again on a contended update); a state made
    // here is this call's own, so it is updated in place rather than copied for every event.
    if (state === initial) state = { ...state }
    state.seq += 1
    state.lastSeenAt = Math.max(state.lastSeenAt, at)
    if (state.clientSessionId === undefined && clientSessionId !== undefined) {
      state.clientSessionId = clientSessionId
    }
    out.push(label(event, visitorId, state.sessionId, state.seq))
  }
  return { state, events: out, starts }
}
