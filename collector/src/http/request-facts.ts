import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { anonymizeIp, type ClientIpMode } from '../enrich/anonymize-ip.js'
import { clientHintsOf, createUserAgentParser } from '../enrich/user-agent.js'
import type { RequestFacts } from '../pipeline/enrich.js'
import { createClientOrigin } from './client-origin.js'

/** What {@link createRequestFacts} is configured with. */
export interface RequestFactsOptions {
  trustedProxies: readonly string[]
  clientIp: ClientIpMode
  userAgentCacheSize: number
}

/** What the edge learns from one request: the enrich stage's facts, and more for the edge. */
export interface MeasuredRequest {
  facts: RequestFacts
  /** The raw `User-Agent`, for the daily visitor hash only (never stored or logged). */
  userAgent: string
  /** Whether the client used HTTPS, for `Secure` cookies. */
  secure: boolean
}

/** The socket peer's address from @hono/node-server, or undefined off Node (tests, other adapters). */
function socketAddress(c: Context): string | undefined {
  // Checked first: a request without Node bindings would make getConnInfo throw, every time.
  const env = c.env as { incoming?: unknown; server?: unknown } | undefined
  if (!env?.incoming && !env?.server) return undefined
  return getConnInfo(c).remote.address
}

/**
 * Creates the function that measures a request at the edge: the client address (honouring
 * `X-Forwarded-For` from trusted proxies only), truncated right away so the full address goes no
 * further, and the user agent with its client hints, parsed through an LRU cache.
 */
export function createRequestFacts(
  options: RequestFactsOptions
): (c: Context, receivedAt: number) => MeasuredRequest {
  const originOf = createClientOrigin(options.trustedProxies)
  const parseUserAgent = createUserAgentParser(options.userAgentCacheSize)
  return (c, receivedAt) => {
    const origin = originOf({
      socketAddress: socketAddress(c),
      forwardedFor: c.req.header('x-forwarded-for'),
      forwardedProto: c.req.header('x-forwarded-proto'),
      tls: new URL(c.req.url).protocol === 'https:',
    })
    const userAgent = c.req.header('user-agent') ?? ''
    const hints = clientHintsOf((name) => c.req.header(name))
    const hasHints = Object.values(hints).some((value) => value !== undefined)
    return {
      facts: {
        receivedAt,
        clientIp: anonymizeIp(origin.address, options.clientIp),
        userAgent: userAgent === '' && !hasHints ? undefined : parseUserAgent(userAgent, hints),
      },
      userAgent,
      secure: origin.secure,
    }
  }
}
