import type { PageViewData } from '@clickstream/schema'
import type { CleanUrl } from '../core/clean-url.js'

/** How a page was reached: a load, single-page-app navigation, or `page()`. */
export type Navigation = NonNullable<PageViewData['navigation']>

/** Data of a `clickstream.page_view` for the page as it is now, URLs cleaned. */
export const pageViewData = (
  location: Pick<Location, 'href' | 'origin' | 'pathname'>,
  document: Pick<Document, 'title' | 'referrer'>,
  navigation: Navigation,
  cleanUrl: CleanUrl
): PageViewData => {
  const data: PageViewData = {
    // A URL the cleaner cannot read keeps nothing but its origin and path.
    url: cleanUrl(location.href) || (location.origin + location.pathname).slice(0, 2048),
    path: location.pathname.slice(0, 2048),
    navigation,
  }
  const title = document.title.trim().slice(0, 512)
  const referrer = cleanUrl(document.referrer)
  if (title) data.title = title
  if (referrer) data.referrer = referrer
  return data
}
