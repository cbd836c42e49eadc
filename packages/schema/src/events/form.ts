import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'

/** A form or a field, described without its value, ever. */
const FormDescriptor = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 128 })),
    name: Type.Optional(Type.String({ maxLength: 128 })),
    selector: Type.String({ maxLength: 512 }),
    /** The form's action URL, query stripped like page URLs. */
    action: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false }
)

const FieldDescriptor = Type.Object(
  {
    tag: Type.String({ maxLength: 32 }),
    /** The input's `type` attribute (`email`, `password`, …). */
    type: Type.Optional(Type.String({ maxLength: 32 })),
    id: Type.Optional(Type.String({ maxLength: 128 })),
    name: Type.Optional(Type.String({ maxLength: 128 })),
    selector: Type.String({ maxLength: 512 }),
  },
  { additionalProperties: false }
)

/** `clickstream.form_submit`: a form was submitted. */
export const FormSubmitData = Type.Object(
  { form: FormDescriptor, fields: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false }
)

/** Data of `clickstream.form_submit`. */
export type FormSubmitData = Static<typeof FormSubmitData>

/** `clickstream.form_field`: a field was focused or changed. Never its value. */
export const FormFieldData = Type.Object(
  {
    interaction: Type.Union([Type.Literal('focus'), Type.Literal('change')]),
    field: FieldDescriptor,
    form: Type.Optional(FormDescriptor),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.form_field`. */
export type FormFieldData = Static<typeof FormFieldData>

const checkout = { id: 'checkout', selector: '#checkout', action: 'https://shop.example/thanks' }

/** Catalogue entry for form submissions. */
export const formSubmit = {
  type: EVENT_TYPES.formSubmit,
  description: 'A form was submitted; `fields` counts its fields. No value is ever captured.',
  data: FormSubmitData,
  example: { form: checkout, fields: 4 } satisfies FormSubmitData,
} as const

/** Catalogue entry for field interactions. */
export const formField = {
  type: EVENT_TYPES.formField,
  description: 'A form field was focused or changed. The field is described; its value never is.',
  data: FormFieldData,
  example: {
    interaction: 'change',
    field: {
      tag: 'input',
      type: 'email',
      name: 'email',
      selector: '#checkout input[name="email"]',
    },
    form: checkout,
  } satisfies FormFieldData,
} as const
