import { REASONS, type CloudEvent } from '@clickstream/schema'
import type { Logger } from 'pino'
import { pino } from 'pino'
import { withDefaults } from '../config.js'
import type { ClaimStatus, DedupStore } from '../dedup/dedup-store.js'
import { dedupDefaults } from '../dedup/dedup-options.js'
import { UnavailableError, type RequestReason } from '../errors.js'
import { toKafkaRecord } from '../kafka/cloudevent-record.js'
import type { KafkaRecord } from '../publisher.js'
import { compileRoutes } from '../routing/route-rules.js'
import { applySessions } from '../session/apply-sessions.js'
import { sessionDefaults } from '../session/session-options.js'
import type { SessionStartReason, SessionStore } from '../session/session-store.js'
import { needsDerivedVisitor, visitorIdOf, type VisitorContext } from '../session/visitor-id.js'
import { compileCustomSchemas } from '../validation/custom-schemas.js'
import { deadLetterRecord, type DeadLetter } from './dead-letter.js'
import type { DecodeResult } from './decode.js'
import { dedupKeys, splitDuplicates } from './dedup.js'
import { enrichEvent, type RequestFacts } from './enrich.js'
import type { PipelineConfig } from './pipeline-config.js'
import { routeEvents, type DroppedEvent } from './route.js'
import type { SessionizedEvent } from './sessionize.js'
import { validateBatch, type Rejection, type ValidateOptions } from './validate.js'

/** What the pipeline needs of the collector's config, defaults merged. */
export type PipelineSettings = Required<PipelineConfig> & {
  topic: string
  maxEventBytes: number
  acceptUnknownTypes: boolean
  retryAfterSeconds: number
}

/** The I/O the pipeline does, behind small interfaces (STYLE.md 2). */
export interface PipelineDeps {
  sessionStore: SessionStore
  dedupStore: DedupStore
  /** Stores records; resolves once they are durable, rejects (with an `HttpError`) otherwise. */
  publish: (records: KafkaRecord[]) => Promise<void>
  /**
   * Where store failures are logged.
   * @defaultValue a disabled pino logger
   */
  logger?: Logger
}

/** One request, decoded, with what the edge measured about it. */
export interface BatchInput {
  decoded: DecodeResult
  /** The body as text, for the dead letter of a body rejected as a whole. */
  body: string
  facts: RequestFacts
  /** The raw `User-Agent` (for the daily visitor hash; never stored) and the cookie's visitor id. */
  visitor: Pick<VisitorContext, 'cookieVisitorId' | 'userAgent'>
  /** Unique to this request: dedup claims are made in its name. */
  token: string
}

/** What the pipeline did with a request that was decoded. */
export interface BatchResult {
  ok: true
  /** Client events stored, known duplicates and events routes dropped: the client forgets them. */
  accepted: number
  rejected: Rejection[]
  /** Events already stored within the dedup window (or twice in the batch): not sent again. */
  duplicates: number
  /** Events a route dropped or sampled out (session starts included). */
  dropped: DroppedEvent[]
  /** Reasons of the sessions this request started. */
  sessionsStarted: SessionStartReason[]
  /** The visitor and session of the batch's last event, for the cookie mode. */
  lastVisit: { visitorId: string; sessionId: string } | undefined
}

/** A body rejected as a whole, or what the pipeline made of it. */
export type BatchOutcome = { ok: false; reason: RequestReason; message: string } | BatchResult

/** The pipeline: `process` runs one request through every stage. */
export interface Pipeline {
  process(input: BatchInput): Promise<BatchOutcome>
}

/** Request-level reasons whose body goes to the dead-letter topic: it was read and is evidence. */
const deadLetteredRequests: ReadonlySet<RequestReason> = new Set([
  REASONS.invalidJson,
  REASONS.invalidBatch,
  REASONS.tooManyEvents,
])

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Creates the pipeline: `decode → validate → enrich → sessionize → dedup → route → publish`.
 * The stages are pure functions; this composes them with the I/O at the edges (session and
 * dedup stores, the publisher). Site schemas and routes are compiled here, once, at start-up.
 * Throws a `ConfigError` when they do not compile.
 */
export function createPipeline(settings: PipelineSettings, deps: PipelineDeps): Pipeline {
  const { sessionStore, dedupStore, publish, logger = pino({ enabled: false }) } = deps
  const session = withDefaults(sessionDefaults, settings.session)
  const dedup = withDefaults(dedupDefaults, settings.dedup)
  const validateOptions: ValidateOptions = {
    ...settings,
    customSchemas: compileCustomSchemas(settings),
  }
  const routes = compileRoutes(settings.routes, settings)
  const deadLetters = {
    topic: settings.deadLetterTopic,
    maxPayloadBytes: settings.maxDeadLetterPayloadBytes,
  }
  const salts = new Map<string, Promise<string>>()

  /** The store's salt of the day, fetched once per day per collector. */
  function saltOf(day: string): Promise<string> {
    const cached = salts.get(day)
    if (cached) return cached
    const salt = sessionStore.dailySalt(day)
    // One day at a time; a failed fetch is forgotten, so the next request tries again.
    salts.clear()
    salts.set(day, salt)
    salt.catch(() => {
      if (salts.get(day) === salt) salts.delete(day)
    })
    return salt
  }

  /** A store failed: nothing was published, so the client may retry the whole request. */
  function unavailable(what: string, error: unknown): never {
    if (error instanceof UnavailableError) throw error
    logger.error({ err: error }, `${what} failed`)
    throw new UnavailableError(settings.retryAfterSeconds, error)
  }

  async function sessionize(events: ReturnType<typeof enrichEvent>[], input: BatchInput) {
    const { receivedAt, clientIp } = input.facts
    const context: VisitorContext = { ...input.visitor, clientIp, salt: undefined }
    try {
      if (events.some((event) => needsDerivedVisitor(event, context))) {
        context.salt = await saltOf(utcDay(receivedAt))
      }
      const visitorIds = events.map((event) => visitorIdOf(event, context))
      return await applySessions(events, visitorIds, sessionStore, session, session.stateTtlMs)
    } catch (error) {
      return unavailable('the session store', error)
    }
  }

  async function process(input: BatchInput): Promise<BatchOutcome> {
    const { decoded, facts } = input
    if (!decoded.ok) {
      if (deadLetteredRequests.has(decoded.reason)) {
        const letter: DeadLetter = {
          reason: decoded.reason,
          stage: 'decode',
          detail: decoded.message,
          payload: input.body,
        }
        await publish([deadLetterRecord(letter, facts.receivedAt, deadLetters)])
      }
      return decoded
    }

    const { valid, rejected } = validateBatch(decoded.events, validateOptions)
    const enriched = valid.map((event) => enrichEvent(event, facts, settings))
    const sessionized = enriched.length > 0 ? await sessionize(enriched, input) : []

    let fresh: SessionizedEvent[] = sessionized
    let duplicates: SessionizedEvent[] = []
    let pending: SessionizedEvent[] = []
    let claimed: string[] = []
    if (dedup.enabled && sessionized.length > 0) {
      const keys = dedupKeys(sessionized)
      const statuses = await dedupStore
        .claim(keys, input.token, dedup.pendingMs)
        .catch((error: unknown) => unavailable('the dedup store', error))
      claimed = keys.filter((_key, i) => statuses[i] === 'claimed')
      // The usual batch: every event new, none repeated, so there is nothing to split.
      if (claimed.length < sessionized.length) {
        const statusOf = new Map<string, ClaimStatus>()
        for (let i = 0; i < keys.length; i++) statusOf.set(keys[i]!, statuses[i]!)
        ;({ fresh, duplicates, pending } = splitDuplicates(sessionized, statusOf))
      }
    }

    const { routed, dropped } = routeEvents(fresh, routes)
    const records = routed.map((event) => toKafkaRecord(event, settings.recordMode))
    for (const { index, reason, detail } of rejected) {
      const event = decoded.events[index]
      const letter: DeadLetter = {
        reason,
        stage: 'validate',
        detail,
        index,
        payload: JSON.stringify(event) ?? String(event),
        event,
      }
      records.push(deadLetterRecord(letter, facts.receivedAt, deadLetters))
    }

    if (records.length > 0) {
      try {
        await publish(records)
      } catch (error) {
        // Not stored: the client's retry must not be taken for a duplicate.
        await dedupStore.release(claimed, input.token).catch((releaseError: unknown) => {
          logger.warn({ err: releaseError }, 'releasing dedup claims failed; they expire')
        })
        throw error
      }
    }
    if (claimed.length > 0) {
      // Stored: a failure here only means a later retry may be stored twice.
      await dedupStore.confirm(claimed, input.token, dedup.windowMs).catch((error: unknown) => {
        logger.warn({ err: error }, 'confirming dedup claims failed')
      })
    }
    // Another request holds some of these events: this one cannot say they are stored.
    if (pending.some(isClientEvent)) {
      throw new UnavailableError(settings.retryAfterSeconds)
    }

    const last = sessionized.findLast(isClientEvent)
    return {
      ok: true,
      accepted: valid.length,
      rejected,
      duplicates: duplicates.filter(isClientEvent).length,
      dropped,
      sessionsStarted: sessionized
        .filter((event) => !isClientEvent(event) && !duplicates.includes(event))
        .map((event) => (event.data as { reason: SessionStartReason }).reason),
      lastVisit: last && { visitorId: last.visitorid, sessionId: last.collectorsessionid },
    }
  }

  return { process }
}

/** Whether an event came from the client, rather than being a session start the collector made. */
function isClientEvent(event: CloudEvent): boolean {
  return (event as Partial<SessionizedEvent>).collectorseq !== 0
}
