import { REASONS } from '@clickstream/schema'

/** Limits on the shape of one event, checked before any schema. */
export interface StructureLimits {
  /** Largest event, in UTF-8 bytes of its JSON. */
  maxEventBytes: number
  /** Longest string, property names included, in UTF-16 code units. */
  maxStringLength: number
  /** Deepest nesting of objects and arrays; the event object itself is level 1. */
  maxDepth: number
  /** Most properties of one object, and most items of one array. */
  maxProperties: number
}

/** Why an event breaks the {@link StructureLimits}. */
export interface StructureViolation {
  reason: typeof REASONS.eventTooLarge | typeof REASONS.limitExceeded
  detail: string
}

/**
 * What the walk has seen so far, for bounds on the JSON size in UTF-8 bytes: every UTF-16 code
 * unit of a string is 1 to 6 bytes (`\u001f`), a scalar 1 to 24 bytes
 * (`-1.2345678901234567e+308`), punctuation exactly its count. Module-level counters rather than
 * an object: the walk is synchronous, and it runs for every event.
 */
let stringUnits = 0
let scalars = 0
let punctuation = 0

function walk(value: unknown, depth: number, limits: StructureLimits): string | undefined {
  if (typeof value === 'string') {
    if (value.length > limits.maxStringLength) {
      return `a string of ${value.length} characters, at most ${limits.maxStringLength}`
    }
    stringUnits += value.length
    punctuation += 2
    return undefined
  }
  if (typeof value !== 'object' || value === null) {
    scalars++
    return undefined
  }
  if (depth > limits.maxDepth) return `nested deeper than ${limits.maxDepth} levels`
  if (Array.isArray(value)) {
    const length = value.length
    if (length > limits.maxProperties) {
      return `an array of ${length} items, at most ${limits.maxProperties}`
    }
    // Brackets and the commas between items.
    punctuation += length > 0 ? length + 1 : 2
    for (let i = 0; i < length; i++) {
      const problem = walk(value[i], depth + 1, limits)
      if (problem) return problem
    }
    return undefined
  }
  let count = 0
  for (const key in value) {
    if (++count > limits.maxProperties)
      return `an object with over ${limits.maxProperties} properties`
    if (key.length > limits.maxStringLength) {
      return `a property name of ${key.length} characters, at most ${limits.maxStringLength}`
    }
    stringUnits += key.length
    // "key": value, — quotes, colon and comma around the name.
    punctuation += 4
    const problem = walk((value as Record<string, unknown>)[key], depth + 1, limits)
    if (problem) return problem
  }
  // Braces, less the comma the last property did not need.
  punctuation += count === 0 ? 2 : 1
  return undefined
}

/**
 * Checks an event against the {@link StructureLimits} in one walk, stopping at the first
 * violation, so that no schema ever runs on something huge or deeply nested. The size is bounded
 * during the walk; the event is serialized to measure it exactly only when the bounds straddle
 * `maxEventBytes`, so a typical event costs no `JSON.stringify`.
 */
export function checkStructure(
  value: unknown,
  limits: StructureLimits
): StructureViolation | undefined {
  stringUnits = scalars = punctuation = 0
  const problem = walk(value, 1, limits)
  if (problem) return { reason: REASONS.limitExceeded, detail: problem }
  const low = stringUnits + scalars + punctuation
  const high = stringUnits * 6 + scalars * 24 + punctuation
  if (high <= limits.maxEventBytes) return undefined
  const bytes =
    low > limits.maxEventBytes ? low : Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
  if (bytes <= limits.maxEventBytes) return undefined
  const measured = low > limits.maxEventBytes ? `over ${limits.maxEventBytes}` : `${bytes}`
  return {
    reason: REASONS.eventTooLarge,
    detail: `${measured} bytes, at most ${limits.maxEventBytes}`,
  }
}
