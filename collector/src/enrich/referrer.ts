/** Where a visitor came from. `direct`: no referrer at all. */
export type ReferrerClass = 'direct' | 'internal' | 'search' | 'social' | 'other'

/** A classified referrer. */
export interface ReferrerInfo {
  class: ReferrerClass
  /** The referrer's host name, when it is a URL. */
  host?: string
}

// Registrable domains, matched with their subdomains. Google and Yahoo run one per country.
const searchDomains = [
  'bing.com',
  'duckduckgo.com',
  'baidu.com',
  'ecosia.org',
  'qwant.com',
  'search.brave.com',
  'startpage.com',
  'ask.com',
  'naver.com',
  'seznam.cz',
  'kagi.com',
  'perplexity.ai',
]
const searchPatterns = [
  /(^|\.)google(\.com?)?\.[a-z]{2,3}$/,
  /(^|\.)search\.yahoo\./,
  /(^|\.)yandex\./,
]
const socialDomains = [
  'facebook.com',
  'fb.com',
  'instagram.com',
  't.co',
  'twitter.com',
  'x.com',
  'linkedin.com',
  'lnkd.in',
  'reddit.com',
  'pinterest.com',
  'tiktok.com',
  'youtube.com',
  'youtu.be',
  'vk.com',
  'threads.net',
  'bsky.app',
  'mastodon.social',
  'news.ycombinator.com',
  'whatsapp.com',
  't.me',
  'snapchat.com',
  'tumblr.com',
  'quora.com',
]

/** Whether `host` is `domain` or one of its subdomains. */
function within(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`)
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    return new URL(url).hostname.toLowerCase() || undefined
  } catch {
    return undefined
  }
}

/**
 * Classifies a page view's referrer: `internal` when it is the page's own host or one of
 * `internalHosts` (a leading dot, `.shop.example`, also matches subdomains), `search` or `social`
 * for well-known engines and networks, `other` for the rest and `direct` when there is none.
 */
export function classifyReferrer(
  referrer: string | undefined,
  pageUrl: string | undefined,
  internalHosts: readonly string[]
): ReferrerInfo {
  if (referrer === undefined || referrer.trim() === '') return { class: 'direct' }
  const host = hostOf(referrer)
  if (host === undefined) return { class: 'other' }
  const isInternal =
    host === hostOf(pageUrl) ||
    internalHosts.some((entry) =>
      entry.startsWith('.') ? within(host, entry.slice(1)) : host === entry
    )
  if (isInternal) return { class: 'internal', host }
  if (searchDomains.some((d) => within(host, d)) || searchPatterns.some((p) => p.test(host))) {
    return { class: 'search', host }
  }
  if (socialDomains.some((d) => within(host, d))) return { class: 'social', host }
  return { class: 'other', host }
}
