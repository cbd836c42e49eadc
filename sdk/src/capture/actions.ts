import type { ActionData } from '@clickstream/schema'
import { log } from '../log.js'

/** Properties of a custom action (and traits of `identify`): scalar values, so analysts get flat columns. */
export type ActionProperties = NonNullable<ActionData['properties']>

/**
 * The scalar properties the schema takes: at most 64, names of at most 128 characters, strings
 * cut at 1024; each one left out is logged. Undefined when none is left.
 */
export const scalarProperties = (properties: unknown): ActionProperties | undefined => {
  let kept: ActionProperties | undefined
  let count = 0
  for (const [key, value] of Object.entries((typeof properties == 'object' && properties) || {})) {
    if (
      count++ < 64 &&
      key.length < 129 &&
      (value === null || /^(string|number|boolean)$/.test(typeof value))
    ) {
      ;(kept ||= {})[key] = typeof value == 'string' ? value.slice(0, 1024) : (value as number)
    } else {
      log('property left out:', key)
    }
  }
  return kept
}

/**
 * Data of a `clickstream.action`, kept within the schema: a name of 1–128 characters and scalar
 * properties. Answers undefined for an unusable name.
 */
export const actionData = (name: unknown, properties?: unknown): ActionData | undefined => {
  if (typeof name != 'string' || !name) return undefined
  const kept = scalarProperties(properties)
  return kept ? { name: name.slice(0, 128), properties: kept } : { name: name.slice(0, 128) }
}
