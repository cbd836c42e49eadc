import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'

/** Property values of a custom action: scalars only, so analysts get flat columns. */
const PropertyValue = Type.Union([
  Type.String({ maxLength: 1024 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
])

/** `clickstream.action`: a custom action named by the site, from `track(name, properties)`. */
export const ActionData = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    properties: Type.Optional(
      Type.Record(Type.String({ maxLength: 128 }), PropertyValue, { maxProperties: 64 })
    ),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.action`. */
export type ActionData = Static<typeof ActionData>

/** Catalogue entry for custom actions. */
export const action = {
  type: EVENT_TYPES.action,
  description: 'A custom action named by the site: `track(name, properties)` or `data-cs-action`.',
  data: ActionData,
  example: { name: 'add_to_cart', properties: { product: '42', price: 12.5 } } satisfies ActionData,
} as const
