import { Type, type Static } from '@sinclair/typebox'
import { REASONS } from './constants.js'

/** The pipeline stages that can reject input (the collector's `decode → validate → …`). */
export const DeadLetterStage = Type.Union([
  Type.Literal('decode'),
  Type.Literal('validate'),
  Type.Literal('enrich'),
  Type.Literal('sessionize'),
  Type.Literal('dedup'),
  Type.Literal('route'),
])

/** A pipeline stage that can reject input. */
export type DeadLetterStage = Static<typeof DeadLetterStage>

/**
 * The value of a dead-letter record (`clickstream.dead_letter`, on `clickstream.deadletter`):
 * one rejected event, or one request body rejected as a whole.
 */
export const DeadLetterData = Type.Object(
  {
    /** The stable reason code, as answered to the client. */
    reason: Type.Union(Object.values(REASONS).map((reason) => Type.Literal(reason))),
    /** The stage that rejected it. */
    stage: DeadLetterStage,
    /** What is wrong, for humans; not stable. */
    detail: Type.String(),
    /** When the collector received it (RFC 3339). */
    receivedAt: Type.String(),
    /** Position of the event in its batch, from 0; absent when the whole body was rejected. */
    index: Type.Optional(Type.Integer({ minimum: 0 })),
    /** The event's `id`, `source` and `type`, when it had string ones. */
    eventId: Type.Optional(Type.String()),
    source: Type.Optional(Type.String()),
    eventType: Type.Optional(Type.String()),
    /** The event (or the body) as received, as text, cut after the collector's limit. */
    payload: Type.String(),
    /** Size of the whole payload in UTF-8 bytes, before any cut. */
    payloadBytes: Type.Integer({ minimum: 0 }),
    /** Whether `payload` was cut. */
    truncated: Type.Boolean(),
  },
  { additionalProperties: false }
)

/** Value of a dead-letter record. */
export type DeadLetterData = Static<typeof DeadLetterData>

/** What the dead-letter records look like, for the docs. */
export const deadLetter = {
  description:
    'A rejected event, or a request body rejected as a whole, with the reason code, the stage that rejected it and the original payload.',
  data: DeadLetterData,
  example: {
    reason: 'invalid_data',
    stage: 'validate',
    detail: "/data must have required property 'url'",
    receivedAt: '2026-11-27T10:00:02.345Z',
    index: 2,
    eventId: '01890a5d-ac96-774b-bcce-b302099a8057',
    source: 'https://shop.example',
    eventType: 'clickstream.page_view',
    payload:
      '{"specversion":"1.0","id":"01890a5d-ac96-774b-bcce-b302099a8057","source":"https://shop.example","type":"clickstream.page_view","data":{"path":"/"}}',
    payloadBytes: 140,
    truncated: false,
  } satisfies DeadLetterData,
} as const
