import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'

/** The page the visitor left for this one, as the SDK measured it. */
const PreviousPage = Type.Object(
  {
    path: Type.String({ maxLength: 2048 }),
    /** Time the previous page was shown, in milliseconds (visible time). */
    durationMs: Type.Integer({ minimum: 0 }),
    /** Deepest scroll reached on the previous page, in percent of the page height. */
    maxScrollDepth: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false }
)

/** `clickstream.page_view`: a page (or a single-page-app route) was shown. */
export const PageViewData = Type.Object(
  {
    /** Full URL, query stripped to the allow-listed parameters. */
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    path: Type.String({ maxLength: 2048 }),
    title: Type.Optional(Type.String({ maxLength: 512 })),
    referrer: Type.Optional(Type.String({ maxLength: 2048 })),
    /** How the page was reached: a load, or single-page-app navigation. */
    navigation: Type.Optional(
      Type.Union([
        Type.Literal('load'),
        Type.Literal('push'),
        Type.Literal('replace'),
        Type.Literal('pop'),
        Type.Literal('hash'),
        Type.Literal('manual'),
      ])
    ),
    previous: Type.Optional(PreviousPage),
  },
  { additionalProperties: false }
)

/** Data of `clickstream.page_view`. */
export type PageViewData = Static<typeof PageViewData>

/** Catalogue entry for page views. */
export const pageView = {
  type: EVENT_TYPES.pageView,
  description: 'A page, or a single-page-app route, was shown.',
  data: PageViewData,
  example: {
    url: 'https://shop.example/products/42?utm_source=newsletter',
    path: '/products/42',
    title: 'Blue mug · Shop',
    referrer: 'https://www.google.com/',
    navigation: 'push',
    previous: { path: '/', durationMs: 5230, maxScrollDepth: 75 },
  } satisfies PageViewData,
} as const
