import { isbot } from 'isbot'
import UAParser from 'ua-parser-js'
import { createRecentMap } from '../recent-map.js'

/** What the collector learns from a user agent and its client hints. */
export interface UserAgentInfo {
  browser?: string
  browserVersion?: string
  os?: string
  osVersion?: string
  /** `mobile`, `tablet`, `console`, `smarttv`, `wearable`, `embedded` or `desktop`. */
  deviceType?: string
  deviceVendor?: string
  deviceModel?: string
  /** Whether `isbot` knows the user agent as a bot or crawler. */
  bot: boolean
}

/**
 * User-Agent Client Hints as sent in `Sec-CH-UA*` request headers
 * (https://wicg.github.io/ua-client-hints/#http-ua-hints). Chromium sends the first three by
 * default; the others only to sites that ask for them with `Accept-CH`.
 */
export interface ClientHints {
  /** `Sec-CH-UA`: the brand list, like `"Chromium";v="131", "Google Chrome";v="131"`. */
  brands?: string
  /** `Sec-CH-UA-Mobile`: `?1` on mobile devices. */
  mobile?: string
  /** `Sec-CH-UA-Platform`: like `"Android"`. */
  platform?: string
  /** `Sec-CH-UA-Platform-Version`: like `"13.0.0"`. */
  platformVersion?: string
  /** `Sec-CH-UA-Model`: like `"Pixel 7"`. */
  model?: string
  /** `Sec-CH-UA-Full-Version-List`: the brand list with full versions. */
  fullVersionList?: string
}

/** The `Sec-CH-UA*` headers of a request. */
export function clientHintsOf(header: (name: string) => string | undefined): ClientHints {
  return {
    brands: header('sec-ch-ua'),
    mobile: header('sec-ch-ua-mobile'),
    platform: header('sec-ch-ua-platform'),
    platformVersion: header('sec-ch-ua-platform-version'),
    model: header('sec-ch-ua-model'),
    fullVersionList: header('sec-ch-ua-full-version-list'),
  }
}

/** An RFC 8941 sf-string without its quotes (`"Android"` → `Android`), or undefined when empty. */
function unquote(value: string | undefined): string | undefined {
  const text = value?.trim().replace(/^"(.*)"$/, '$1')
  return text === undefined || text === '' ? undefined : text
}

/**
 * The real brand of a `Sec-CH-UA` list: GREASE entries (`"Not A(Brand"`) are skipped, and a
 * specific brand (`Google Chrome`, `Microsoft Edge`) wins over the engine's `Chromium`.
 */
function brandOf(list: string | undefined): { name: string; version: string } | undefined {
  if (!list) return undefined
  const brands = [...list.matchAll(/"([^"]*)"\s*;\s*v\s*=\s*"([^"]*)"/g)]
    .map(([, name, version]) => ({ name: name!, version: version! }))
    .filter(({ name }) => !/not.?a.?brand/i.test(name))
  return brands.find(({ name }) => name !== 'Chromium') ?? brands[0]
}

/** Windows versions from `Sec-CH-UA-Platform-Version` (https://learn.microsoft.com/microsoft-edge/web-platform/how-to-detect-win11). */
function windowsVersion(platformVersion: string): string {
  const major = Number(platformVersion.split('.', 1)[0])
  if (major >= 13) return '11'
  if (major >= 1) return '10'
  return '8.1 or older'
}

const present = (value: string | undefined) => (value === '' ? undefined : value)

/**
 * Parses a user agent with ua-parser-js 1.x, then lets client hints correct what Chromium's
 * reduced user agent string hides (the real platform version, the device model). Uncached: use
 * {@link createUserAgentParser} in the request path.
 */
export function parseUserAgent(userAgent: string, hints: ClientHints = {}): UserAgentInfo {
  const { browser, os, device } = UAParser(userAgent)
  const brand = brandOf(hints.fullVersionList) ?? brandOf(hints.brands)
  const platform = unquote(hints.platform)
  const platformVersion = unquote(hints.platformVersion)
  const model = unquote(hints.model)
  const osName = platform ?? present(os.name)
  let osVersion = present(os.version)
  if (platformVersion !== undefined) {
    osVersion = osName === 'Windows' ? windowsVersion(platformVersion) : platformVersion
  }
  const deviceType = hints.mobile?.trim() === '?1' ? 'mobile' : (present(device.type) ?? 'desktop')
  const info: UserAgentInfo = { bot: isbot(userAgent) }
  const fields: Omit<UserAgentInfo, 'bot'> = {
    browser: brand?.name ?? present(browser.name),
    browserVersion: brand?.version ?? present(browser.version),
    os: osName,
    osVersion,
    deviceType: userAgent === '' && !brand ? undefined : deviceType,
    deviceVendor: present(device.vendor),
    deviceModel: model ?? present(device.model),
  }
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) (info as unknown as Record<string, string>)[name] = value
  }
  return info
}

/**
 * Creates a {@link parseUserAgent} with a cache of at most `cacheSize` recently parsed user agents
 * (`createRecentMap`): a site's visitors share few distinct user agents, and parsing one costs
 * tens of microseconds, a lookup well under one.
 */
export function createUserAgentParser(
  cacheSize: number
): (userAgent: string, hints: ClientHints) => UserAgentInfo {
  const cache = createRecentMap<string, UserAgentInfo>(cacheSize)
  return (userAgent, hints) => {
    const key = `${userAgent}\n${hints.brands ?? ''}\n${hints.mobile ?? ''}\n${hints.platform ?? ''}\n${hints.platformVersion ?? ''}\n${hints.model ?? ''}\n${hints.fullVersionList ?? ''}`
    let info = cache.get(key)
    if (info === undefined) {
      info = parseUserAgent(userAgent, hints)
      cache.set(key, info)
    }
    return info
  }
}
