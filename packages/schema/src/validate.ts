import type { CloudEvent } from './envelope.js'
import { REASONS, type Reason } from './constants.js'
import * as compiled from './generated/validators.js'

interface CompiledValidator {
  (value: unknown): boolean
  errors?: { instancePath: string; message?: string }[] | null
}

/** The outcome of validating one event. */
export type ValidationResult =
  { ok: true; event: CloudEvent; known: boolean } | { ok: false; reason: Reason; detail: string }

const envelope = compiled.envelope as CompiledValidator
const byType = new Map<string, CompiledValidator>(
  Object.entries(compiled.validatorNames).map(([type, name]) => [
    type,
    (compiled as unknown as Record<string, CompiledValidator>)[name]!,
  ])
)

function describe(fn: CompiledValidator): string {
  const error = fn.errors?.[0]
  return error ? `${error.instancePath || '/'} ${error.message ?? 'is invalid'}` : 'is invalid'
}

/**
 * Validates one event: the CloudEvents 1.0 envelope, then the data schema of its type when the
 * type is built in. `known` says whether a data schema was applied.
 */
export function validateEvent(value: unknown): ValidationResult {
  if (!envelope(value)) {
    return { ok: false, reason: REASONS.invalidEnvelope, detail: describe(envelope) }
  }
  const event = value as CloudEvent
  const typed = byType.get(event.type)
  if (!typed) return { ok: true, event, known: false }
  if (!typed(value)) return { ok: false, reason: REASONS.invalidData, detail: describe(typed) }
  return { ok: true, event, known: true }
}

/** The built-in event types that have a compiled data schema. */
export const validatedTypes = (): string[] => [...byType.keys()]
