import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'
import { ElementDescriptor } from './element.js'

/** `clickstream.gesture`: a touch gesture recognised from Pointer Events. */
export const GestureData = Type.Object(
  {
    gesture: Type.Union([
      Type.Literal('tap'),
      Type.Literal('double_tap'),
      Type.Literal('long_press'),
      Type.Literal('swipe'),
      Type.Literal('pinch'),
    ]),
    element: ElementDescriptor,
    /** Page coordinates where the gesture started, in CSS pixels. */
    x: Type.Number(),
    y: Type.Number(),
    durationMs: Type.Integer({ minimum: 0 }),
    /** Swipe: the dominant direction. */
    direction: Type.Optional(
      Type.Union([
        Type.Literal('up'),
        Type.Literal('down'),
        Type.Literal('left'),
        Type.Literal('right'),
      ])
    ),
    /** Swipe: distance travelled, in CSS pixels. */
    distance: Type.Optional(Type.Number({ minimum: 0 })),
    /** Swipe: average speed, in CSS pixels per millisecond. */
    velocity: Type.Optional(Type.Number({ minimum: 0 })),
    /** Pinch: final distance between the two fingers over the initial one (< 1 zooms out). */
    scale: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.gesture`. */
export type GestureData = Static<typeof GestureData>

/** Catalogue entry for touch gestures. */
export const gesture = {
  type: EVENT_TYPES.gesture,
  description:
    'A touch gesture: tap, double tap, long press, swipe (direction, distance, velocity) or pinch (scale). Mouse and pen input are clicks.',
  data: GestureData,
  example: {
    gesture: 'swipe',
    element: { tag: 'div', classes: ['carousel'], selector: 'div.carousel' },
    x: 300,
    y: 420,
    durationMs: 180,
    direction: 'left',
    distance: 240,
    velocity: 1.33,
  } satisfies GestureData,
} as const
