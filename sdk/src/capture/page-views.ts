import type { PageViewData } from '@clickstream/schema'

/**
 * Query parameters a page URL keeps. Everything else goes: queries and fragments carry search
 * terms, e-mail addresses, reset tokens and OAuth `#access_token`s that analytics has no use for.
 */
const KEPT_PARAMETER = /^utm_/

/** The URL without its fragment and with only campaign (`utm_*`) query parameters. */
export const cleanUrl = (href: string): string => {
  try {
    const url = new URL(href)
    for (const name of [...url.searchParams.keys()]) {
      if (!KEPT_PARAMETER.test(name)) url.searchParams.delete(name)
    }
    url.hash = ''
    return url.href.slice(0, 2048)
  } catch {
    // Not a URL (an empty referrer, `about:srcdoc` pages): nothing to keep.
    return ''
  }
}

/** How a page was reached: `load` when the SDK starts, `manual` from `page()`. */
export type Navigation = NonNullable<PageViewData['navigation']>

/** Data of a `clickstream.page_view` for the page as it is now. */
export const pageViewData = (
  location: Pick<Location, 'href' | 'pathname'>,
  document: Pick<Document, 'title' | 'referrer'>,
  navigation: Navigation
): PageViewData => {
  const data: PageViewData = {
    url: cleanUrl(location.href) || location.href.slice(0, 2048),
    path: location.pathname.slice(0, 2048),
    navigation,
  }
  const title = document.title.trim().slice(0, 512)
  const referrer = cleanUrl(document.referrer)
  if (title) data.title = title
  if (referrer) data.referrer = referrer
  return data
}
