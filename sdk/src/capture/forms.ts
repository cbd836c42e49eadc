import type { FormFieldData, FormSubmitData } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import type { CaptureContext } from './context.js'
import { IGNORED } from './element.js'
import { cssSelector } from './selector.js'

/** Form controls that hold what a visitor enters; buttons and hidden inputs do not. */
const FIELD = /^(INPUT|SELECT|TEXTAREA)$/
const NOT_A_FIELD = /^(hidden|submit|button|reset|image)$/

type Form = FormSubmitData['form']
type Field = FormFieldData['field']

/** Whether an element is a field whose interactions the SDK reports. */
export const isField = (element: Element): element is HTMLInputElement =>
  FIELD.test(element.tagName) && !NOT_A_FIELD.test((element as HTMLInputElement).type)

/**
 * Attributes are read with `getAttribute`: `form.id` and `form.action` answer a field named
 * `id` or `action` instead (DOM clobbering), and a value is never read at all.
 */
const names = (element: Element) => {
  const described: { id?: string; name?: string } = {}
  for (const key of ['id', 'name'] as const) {
    const value = element.getAttribute(key)
    if (value && value.length <= 128) described[key] = value
  }
  return described
}

/** Describes a form: id, name, selector and the action URL, cleaned like page URLs. */
export const describeForm = (form: HTMLFormElement, cleanUrl: (href: string) => string): Form => {
  const described: Form = { ...names(form), selector: cssSelector(form) }
  const action = cleanUrl(new URL(form.getAttribute('action') || '', location.href).href)
  if (action) described.action = action
  return described
}

/** Describes a field: tag, input type, id, name and selector. Never its value. */
export const describeField = (field: HTMLInputElement): Field => {
  const described: Field = {
    tag: field.tagName.toLowerCase(),
    ...names(field),
    selector: cssSelector(field),
  }
  if (field.tagName === 'INPUT') described.type = field.type.slice(0, 32)
  return described
}

/**
 * Listens for form submissions (`clickstream.form_submit`, with the number of fields) and for
 * fields taking focus or being changed (`clickstream.form_field`), outside `[data-cs-ignore]`.
 */
export const captureForms = ({ emit, on, cleanUrl }: CaptureContext): void => {
  on(document, 'submit', (event: SubmitEvent) => {
    const form = event.target as HTMLFormElement
    if (form.tagName !== 'FORM' || form.closest(IGNORED)) return
    emit(EVENT_TYPES.formSubmit, {
      form: describeForm(form, cleanUrl),
      fields: Array.from(form.elements).filter(isField).length,
    })
  })
  const interaction = (kind: FormFieldData['interaction']) => (event: Event) => {
    const field = event.target as Element
    if (!field.closest || !isField(field) || field.closest(IGNORED)) return
    const data: FormFieldData = { interaction: kind, field: describeField(field) }
    if (field.form) data.form = describeForm(field.form, cleanUrl)
    emit(EVENT_TYPES.formField, data)
  }
  on(document, 'focusin', interaction('focus'))
  on(document, 'change', interaction('change'))
}
