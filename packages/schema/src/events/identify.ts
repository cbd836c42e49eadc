import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'

const TraitValue = Type.Union([
  Type.String({ maxLength: 1024 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
])

/** `clickstream.identify`: the site named the visitor with its own user id. */
export const IdentifyData = Type.Object(
  {
    userId: Type.String({ minLength: 1, maxLength: 256 }),
    traits: Type.Optional(
      Type.Record(Type.String({ maxLength: 128 }), TraitValue, { maxProperties: 64 })
    ),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.identify`. */
export type IdentifyData = Static<typeof IdentifyData>

/** Catalogue entry for identify calls. */
export const identify = {
  type: EVENT_TYPES.identify,
  description:
    'The site called `identify(userId, traits)`; later events carry the `userid` extension.',
  data: IdentifyData,
  example: { userId: 'user-1234', traits: { plan: 'pro' } } satisfies IdentifyData,
} as const
