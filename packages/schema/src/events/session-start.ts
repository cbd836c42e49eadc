import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'

/** `clickstream.session_start`: the collector started a session (it is the authority on sessions). */
export const SessionStartData = Type.Object(
  {
    /** Why a new session started. */
    reason: Type.Union([
      Type.Literal('new_visitor'),
      Type.Literal('inactivity'),
      Type.Literal('max_duration'),
      Type.Literal('campaign'),
      Type.Literal('client'),
    ]),
    previousSessionId: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.session_start`. */
export type SessionStartData = Static<typeof SessionStartData>

/** Catalogue entry for session starts. */
export const sessionStart = {
  type: EVENT_TYPES.sessionStart,
  description:
    'Emitted by the collector, not the SDK, when a session starts: its first event follows on the same key.',
  data: SessionStartData,
  example: {
    reason: 'inactivity',
    previousSessionId: '0193f1c2-7d4e-7a01-9c55-2f0e8b1d3a10',
  } satisfies SessionStartData,
} as const
