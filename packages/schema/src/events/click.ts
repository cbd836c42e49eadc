import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'
import { ElementDescriptor } from './element.js'

const clickFields = {
  element: ElementDescriptor,
  /** Page coordinates, in CSS pixels. */
  x: Type.Number(),
  y: Type.Number(),
}

/** `clickstream.click`: a mouse or pen click on an element. */
export const ClickData = Type.Object(clickFields, { additionalProperties: false })

/** Data of `clickstream.click`. */
export type ClickData = Static<typeof ClickData>

/** `clickstream.rage_click`: several clicks on one spot in a short time. */
export const RageClickData = Type.Object(
  { ...clickFields, clicks: Type.Integer({ minimum: 2, maximum: 1000 }) },
  { additionalProperties: false }
)

/** Data of `clickstream.rage_click`. */
export type RageClickData = Static<typeof RageClickData>

/** `clickstream.dead_click`: a click followed by no navigation, DOM change or request. */
export const DeadClickData = Type.Object(clickFields, { additionalProperties: false })

/** Data of `clickstream.dead_click`. */
export type DeadClickData = Static<typeof DeadClickData>

const exampleElement = {
  tag: 'button',
  id: 'add-to-cart',
  classes: ['btn', 'btn-primary'],
  selector: '#add-to-cart',
  text: 'Add to cart',
  attributes: { product: '42' },
}

/** Catalogue entry for clicks. */
export const click = {
  type: EVENT_TYPES.click,
  description: 'A mouse or pen click on an element, with a descriptor of the element.',
  data: ClickData,
  example: { element: exampleElement, x: 412, y: 230 } satisfies ClickData,
} as const

/** Catalogue entry for rage clicks. */
export const rageClick = {
  type: EVENT_TYPES.rageClick,
  description:
    'Several clicks on one spot within a short time (a frustrated visitor). The single clicks are sent too.',
  data: RageClickData,
  example: { element: exampleElement, x: 412, y: 230, clicks: 4 } satisfies RageClickData,
} as const

/** Catalogue entry for dead clicks. */
export const deadClick = {
  type: EVENT_TYPES.deadClick,
  description:
    'A click after which nothing happened within a short window: no navigation, no DOM change, no request.',
  data: DeadClickData,
  example: {
    element: { tag: 'span', selector: 'div.price > span', text: '12.50 €' },
    x: 80,
    y: 300,
  } satisfies DeadClickData,
} as const
