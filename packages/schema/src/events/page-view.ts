import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPES } from '../constants.js'

/** `clickstream.page_view`: a page (or a single-page-app route) was shown. */
export const PageViewData = Type.Object(
  {
    /** Full URL, query stripped to the allow-listed parameters. */
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    path: Type.String({ maxLength: 2048 }),
    title: Type.Optional(Type.String({ maxLength: 512 })),
    referrer: Type.Optional(Type.String({ maxLength: 2048 })),
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
  } satisfies PageViewData,
} as const
