import { Type, type Static } from '@sinclair/typebox'

/** What the SDK records about a clicked element. Never an input's value. */
export const ElementDescriptor = Type.Object(
  {
    tag: Type.String({ minLength: 1, maxLength: 32 }),
    id: Type.Optional(Type.String({ maxLength: 128 })),
    classes: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 16 })),
    /** A short CSS selector that finds the element again. */
    selector: Type.String({ maxLength: 512 }),
    /** Trimmed visible text, masked inside inputs and `data-cs-mask`. */
    text: Type.Optional(Type.String({ maxLength: 256 })),
    href: Type.Optional(Type.String({ maxLength: 2048 })),
    /** The element's `data-cs-*` attributes, without the prefix. */
    attributes: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 256 }), {
        maxProperties: 32,
      })
    ),
  },
  { additionalProperties: false }
)

/** What the SDK records about a clicked element. */
export type ElementDescriptor = Static<typeof ElementDescriptor>
