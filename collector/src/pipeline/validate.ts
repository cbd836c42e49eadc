import {
  DEAD_LETTER_TYPE,
  EVENT_TYPES,
  REASONS,
  validateEvent,
  type CloudEvent,
  type Reason,
} from '@clickstream/schema'
import type { CustomSchemas } from '../validation/custom-schemas.js'
import { checkStructure, type StructureLimits } from '../validation/structure.js'

/** Reasons that reject one event of a batch. */
export type EventReason = Extract<
  Reason,
  | typeof REASONS.invalidEnvelope
  | typeof REASONS.invalidData
  | typeof REASONS.eventTooLarge
  | typeof REASONS.unknownType
  | typeof REASONS.limitExceeded
>

/** One rejected event, as answered to the client (docs/protocol.md, "Answers"). */
export interface Rejection {
  /** Position of the event in the batch, from 0. */
  index: number
  /** The event's `id` when it has a string one. */
  id: string | null
  reason: EventReason
  /** What is wrong, for humans; not stable. */
  detail: string
}

/** The events of a batch split into valid ones (in batch order) and rejections. */
export interface ValidatedBatch {
  valid: CloudEvent[]
  rejected: Rejection[]
}

/** Limits, switches and site schemas of the validate stage. */
export interface ValidateOptions extends StructureLimits {
  /** Accept event types that are neither built in nor in `eventSchemas` (envelope checked only). */
  acceptUnknownTypes: boolean
  /** Accept `clickstream.action` names that have no schema in `actionSchemas`. */
  acceptUnknownActions: boolean
  customSchemas: CustomSchemas
}

/** Types only the collector emits: a client sending one would spoof sessions or dead letters. */
const collectorTypes: ReadonlySet<string> = new Set([EVENT_TYPES.sessionStart, DEAD_LETTER_TYPE])

function idOf(value: unknown): string | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : null
  return typeof id === 'string' ? id : null
}

/** The checks after the envelope and built-in schema: types and actions of the site owner. */
function checkCustom(
  event: CloudEvent,
  known: boolean,
  options: ValidateOptions
): { reason: EventReason; detail: string } | undefined {
  if (collectorTypes.has(event.type)) {
    return {
      reason: REASONS.unknownType,
      detail: `"${event.type}" is emitted by the collector only`,
    }
  }
  if (event.type === EVENT_TYPES.action) {
    const { name, properties = {} } = event.data as { name: string; properties?: unknown }
    const check = options.customSchemas.actions.get(name)
    if (check) {
      const problem = check(properties)
      return problem
        ? { reason: REASONS.invalidData, detail: `/data/properties${problem}` }
        : undefined
    }
    if (!options.acceptUnknownActions) {
      return { reason: REASONS.unknownType, detail: `action "${name}" has no registered schema` }
    }
    return undefined
  }
  if (known) return undefined
  const check = options.customSchemas.types.get(event.type)
  if (check) {
    const problem = check(event.data)
    return problem ? { reason: REASONS.invalidData, detail: `/data${problem}` } : undefined
  }
  if (!options.acceptUnknownTypes) {
    return { reason: REASONS.unknownType, detail: `"${event.type}" has no registered schema` }
  }
  return undefined
}

/**
 * Validate stage: checks each event's shape against the limits (size, string lengths, nesting,
 * property counts), then its CloudEvents envelope and built-in data schema (`validateEvent` from
 * `@clickstream/schema`, compiled ahead of time), then the site owner's schemas and switches.
 */
export function validateBatch(
  events: readonly unknown[],
  options: ValidateOptions
): ValidatedBatch {
  const valid: CloudEvent[] = []
  const rejected: Rejection[] = []
  for (let index = 0; index < events.length; index++) {
    const value = events[index]
    // First, so that no schema ever walks something huge or deeply nested.
    const problem = checkStructure(value, options)
    if (problem) {
      rejected.push({ index, id: idOf(value), ...problem })
      continue
    }
    const result = validateEvent(value)
    if (!result.ok) {
      rejected.push({
        index,
        id: idOf(value),
        reason: result.reason as EventReason,
        detail: result.detail,
      })
      continue
    }
    const custom = checkCustom(result.event, result.known, options)
    if (custom) rejected.push({ index, id: result.event.id, ...custom })
    else valid.push(result.event)
  }
  return { valid, rejected }
}
