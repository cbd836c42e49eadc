import type { CloudEvent } from './envelope.js'
import { REASONS, type Reason } from './constants.js'
import * as compiled from './generated/validators.js'

interface CompiledValidator {
  (value: unknown): boolean
  errors?:
    | {
        instancePath: string
        keyword: string
        params: { missingProperty?: string }
        message?: string
      }[]
    | null
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
 * type is built in. `known` says whether a data schema was applied. A built-in type's validator
 * checks the envelope too, so each event runs exactly one compiled validator.
 */
export function validateEvent(value: unknown): ValidationResult {
  const type =
    typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined
  const typed = typeof type === 'string' ? byType.get(type) : undefined
  if (!typed) {
    if (!envelope(value)) {
      return { ok: false, reason: REASONS.invalidEnvelope, detail: describe(envelope) }
    }
    return { ok: true, event: value as CloudEvent, known: false }
  }
  if (typed(value)) return { ok: true, event: value as CloudEvent, known: true }
  // The envelope's checks run first; what fails under /data, or a missing data, is the type's.
  const error = typed.errors?.[0]
  const isData =
    error !== undefined &&
    (error.instancePath.startsWith('/data') || error.params.missingProperty === 'data')
  return {
    ok: false,
    reason: isData ? REASONS.invalidData : REASONS.invalidEnvelope,
    detail: describe(typed),
  }
}

/** The built-in event types that have a compiled data schema. */
export const validatedTypes = (): string[] => [...byType.keys()]
