/**
 * Returns `cleanUrl(href)`: the URL without its fragment and with only the query parameters that
 * `kept` allows (a trailing `*` matches a prefix); only the scheme of other than http(s) URLs;
 * `''` for what is not a URL. Queries and
 * fragments carry search terms, e-mail addresses, reset tokens and OAuth `#access_token`s that
 * analytics has no use for.
 */
export const createUrlCleaner = (kept: string[]) => {
  const keep = (name: string) =>
    kept.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p))
  return (href: string): string => {
    try {
      const url = new URL(href)
      // `mailto:` and `tel:` URLs are addresses and numbers: only the scheme says anything.
      if (!/^https?:$/.test(url.protocol)) return url.protocol
      for (const name of [...url.searchParams.keys()]) {
        if (!keep(name)) url.searchParams.delete(name)
      }
      url.hash = ''
      return url.href.slice(0, 2048)
    } catch {
      // Not a URL (an empty referrer, `about:srcdoc` pages): nothing to keep.
      return ''
    }
  }
}

/** Cleans a URL for analytics: see {@link createUrlCleaner}. */
export type CleanUrl = ReturnType<typeof createUrlCleaner>
