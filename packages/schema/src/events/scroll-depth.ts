import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'

/** `clickstream.scroll_depth`: the visitor scrolled past a milestone of the page's height. */
export const ScrollDepthData = Type.Object(
  {
    depth: Type.Union([Type.Literal(25), Type.Literal(50), Type.Literal(75), Type.Literal(100)]),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.scroll_depth`. */
export type ScrollDepthData = Static<typeof ScrollDepthData>

/** Catalogue entry for scroll depth milestones. */
export const scrollDepth = {
  type: EVENT_TYPES.scrollDepth,
  description:
    'The visitor scrolled past 25, 50, 75 or 100 % of the page, once each per page view.',
  data: ScrollDepthData,
  example: { depth: 50 } satisfies ScrollDepthData,
} as const
