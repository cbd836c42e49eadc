/** The optional first-party cookie mode (docs/configuration.md, "cookie"). */
export interface CookieOptions {
  /**
   * Set the visitor and session ids as first-party `HttpOnly` cookies, for a collector served
   * from the site's own domain: they outlive Safari's 7-day cap on script-set storage (ITP).
   * @defaultValue `false`
   */
  enabled?: boolean
  /**
   * Name of the visitor id cookie.
   * @defaultValue `'cs_vid'`
   */
  visitorCookie?: string
  /**
   * Name of the session id cookie (it lives as long as the inactivity timeout).
   * @defaultValue `'cs_sid'`
   */
  sessionCookie?: string
  /**
   * `Domain` of the cookies, like `shop.example` to share them with every subdomain; empty for
   * the collector's host only.
   * @defaultValue `''`
   */
  domain?: string
  /**
   * Lifetime of the visitor cookie, in days; each request renews it.
   * @defaultValue `365`
   */
  maxAgeDays?: number
}

/** Defaults of {@link CookieOptions}. */
export const cookieDefaults = {
  enabled: false,
  visitorCookie: 'cs_vid',
  sessionCookie: 'cs_sid',
  domain: '',
  maxAgeDays: 365,
} as const satisfies Required<CookieOptions>

/** One `Set-Cookie` to send. */
export interface CookieToSet {
  name: string
  value: string
  options: {
    path: '/'
    maxAge: number
    httpOnly: true
    secure: boolean
    sameSite: 'Lax'
    domain?: string
  }
}

/** Ids the collector may take back from a cookie: what it writes itself, nothing else. */
export function cookieId(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z0-9._-]{1,128}$/.test(value) ? value : undefined
}

/**
 * The cookies that carry a visitor's ids: `HttpOnly` (page scripts cannot read or steal them),
 * `SameSite=Lax` (sent on same-site requests and top-level navigations), `Secure` when the
 * client used HTTPS, `Path=/`.
 */
export function idCookies(
  options: Required<CookieOptions>,
  ids: { visitorId: string; sessionId: string },
  secure: boolean,
  sessionMaxAgeSeconds: number
): CookieToSet[] {
  const base = {
    path: '/' as const,
    httpOnly: true as const,
    secure,
    sameSite: 'Lax' as const,
    ...(options.domain !== '' && { domain: options.domain }),
  }
  return [
    {
      name: options.visitorCookie,
      value: ids.visitorId,
      options: { ...base, maxAge: options.maxAgeDays * 86_400 },
    },
    {
      name: options.sessionCookie,
      value: ids.sessionId,
      options: { ...base, maxAge: Math.round(sessionMaxAgeSeconds) },
    },
  ]
}
