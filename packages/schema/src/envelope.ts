import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { EXTENSIONS, SPEC_VERSION } from './constants.js'

/** RFC 3339 timestamp, as CloudEvents §3.1.1 `Timestamp` requires. */
export const Rfc3339 = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$',
  maxLength: 40,
})

/** Short identifier: the SDK's anonymous and session ids (UUIDs), event ids. */
const Id = Type.String({ minLength: 1, maxLength: 128 })

/** Scalar extension values (CloudEvents §3.1.1 type system; objects are not allowed). */
const ExtensionValue = Type.Union([Type.String({ maxLength: 2048 }), Type.Number(), Type.Boolean()])

/**
 * CloudEvents 1.0 context attributes as the SDK sends them
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#context-attributes).
 */
const contextAttributes = {
  specversion: Type.Literal(SPEC_VERSION),
  id: Id,
  source: Type.String({ minLength: 1, maxLength: 512 }),
  type: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' }),
  time: Type.Optional(Rfc3339),
  subject: Type.Optional(Type.String({ maxLength: 2048 })),
  datacontenttype: Type.Optional(Type.String({ maxLength: 128 })),
  dataschema: Type.Optional(Type.String({ maxLength: 512 })),
  [EXTENSIONS.anonymousId]: Type.Optional(Id),
  [EXTENSIONS.sessionId]: Type.Optional(Id),
  [EXTENSIONS.sequence]: Type.Optional(Type.Integer({ minimum: 0 })),
  [EXTENSIONS.sentAt]: Type.Optional(Rfc3339),
  [EXTENSIONS.userId]: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
}

/**
 * Other extension attributes: lower-case a-z and 0-9, at most 20 characters (§3.1.1), with scalar
 * values. Said in two parts so that validation stays under a microsecond per event: the
 * pattern, with an always-valid schema, only admits undeclared names (Ajv tests it on those
 * alone and generates no loop for `{}`), and the `allOf` branch checks the values of the
 * undeclared ones. A single `patternProperties` with the value schema would have to exclude the
 * declared names with a lookahead, tested against every key of every event.
 */
const declaredNames = Object.fromEntries(
  [...Object.keys(contextAttributes), 'data'].map((name) => [name, {}])
)
const extensionAttributes = {
  patternProperties: { '^[a-z0-9]{1,20}$': {} },
  additionalProperties: false,
  allOf: [{ type: 'object', properties: declaredNames, additionalProperties: ExtensionValue }],
}

/** A CloudEvent whose `data` follows `data` (the envelope of every event type). */
export const CloudEventOf = <T extends TSchema>(data: T) =>
  Type.Object({ ...contextAttributes, data }, extensionAttributes)

/** The envelope alone, for event types without a registered data schema. */
export const CloudEventEnvelope = Type.Object(
  { ...contextAttributes, data: Type.Optional(Type.Unknown()) },
  extensionAttributes
)

/** A CloudEvent with any data: what the collector receives before it knows the type. */
export type CloudEvent<D = unknown> = Omit<Static<typeof CloudEventEnvelope>, 'data'> & {
  data?: D
  [extension: string]: unknown
}
