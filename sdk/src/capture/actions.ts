import type { ActionData } from '@clickstream/schema'

/** Properties of a custom action: scalar values, so analysts get flat columns. */
export type ActionProperties = NonNullable<ActionData['properties']>

/**
 * Data of a `clickstream.action`, kept within the schema: a name of 1–128 characters, at most
 * 64 properties with names of at most 128 characters and scalar values, strings cut at 1024.
 * Answers undefined for an unusable name; `skipped` hears about each property left out.
 */
export const actionData = (
  name: unknown,
  properties?: unknown,
  skipped?: (key: string) => void
): ActionData | undefined => {
  if (typeof name != 'string' || !name) return undefined
  const data: ActionData = { name: name.slice(0, 128) }
  if (properties && typeof properties == 'object') {
    const kept: ActionProperties = {}
    let count = 0
    for (const [key, value] of Object.entries(properties)) {
      const type = typeof value
      if (
        count < 64 &&
        key.length <= 128 &&
        (value === null || type == 'string' || type == 'number' || type == 'boolean')
      ) {
        kept[key] = type == 'string' ? (value as string).slice(0, 1024) : (value as number)
        count++
      } else {
        skipped?.(key)
      }
    }
    if (count) data.properties = kept
  }
  return data
}
