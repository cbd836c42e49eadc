import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'
import { ElementDescriptor } from './element.js'

/** `clickstream.click`: a mouse or pen click on an element. */
export const ClickData = Type.Object(
  {
    element: ElementDescriptor,
    /** Page coordinates of the click, in CSS pixels. */
    x: Type.Number(),
    y: Type.Number(),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.click`. */
export type ClickData = Static<typeof ClickData>

/** Catalogue entry for clicks. */
export const click = {
  type: EVENT_TYPES.click,
  description: 'A mouse or pen click on an element, with a descriptor of the element.',
  data: ClickData,
  example: {
    element: {
      tag: 'button',
      id: 'add-to-cart',
      classes: ['btn', 'btn-primary'],
      selector: '#add-to-cart',
      text: 'Add to cart',
      attributes: { product: '42' },
    },
    x: 412,
    y: 230,
  } satisfies ClickData,
} as const
