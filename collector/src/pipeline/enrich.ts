import { COLLECTOR_EXTENSIONS, EVENT_TYPES, type CloudEvent } from '@clickstream/schema'
import { campaignOf } from '../enrich/campaign.js'
import { correctedEventTime } from '../enrich/event-time.js'
import { classifyReferrer } from '../enrich/referrer.js'
import type { UserAgentInfo } from '../enrich/user-agent.js'

/** An event after enrichment: it always has a receive time, a corrected time and a partition key. */
export type EnrichedEvent = CloudEvent & {
  receivedat: string
  correctedtime: string
  partitionkey: string
}

/** What the collector measured about the request, once, at the edge. */
export interface RequestFacts {
  /** When the request arrived, in ms since the epoch. */
  receivedAt: number
  /** The client's address, already truncated (`anonymizeIp`); undefined when removed or unknown. */
  clientIp: string | undefined
  /** The parsed user agent and client hints; undefined without a `User-Agent` header. */
  userAgent: UserAgentInfo | undefined
}

/** Settings of the enrich stage. */
export interface EnrichOptions {
  /** Clock skew over which event times are corrected, in ms (see `correctedEventTime`). */
  clockSkewThresholdMs: number
  /** Hosts whose referrals count as internal besides the page's own (`.example.com` for subdomains). */
  internalHosts: readonly string[]
}

const X = COLLECTOR_EXTENSIONS
const owned: ReadonlySet<string> = new Set(Object.values(X))

const userAgentFields = {
  browser: X.uaBrowser,
  browserVersion: X.uaBrowserVersion,
  os: X.uaOs,
  osVersion: X.uaOsVersion,
  deviceType: X.uaDeviceType,
  deviceVendor: X.uaDeviceVendor,
  deviceModel: X.uaDeviceModel,
} as const satisfies Record<Exclude<keyof UserAgentInfo, 'bot'>, string>

const campaignFields = {
  source: X.utmSource,
  medium: X.utmMedium,
  campaign: X.utmCampaign,
  term: X.utmTerm,
  content: X.utmContent,
} as const

// Per event on the hot path: the field lists once, not an `Object.entries` array each time.
const userAgentEntries = Object.entries(userAgentFields) as [keyof typeof userAgentFields, string][]
const campaignEntries = Object.entries(campaignFields) as [keyof typeof campaignFields, string][]

// Every event of a request shares its receive time: format it once, not once per event.
let lastReceivedAt = NaN
let lastReceivedIso = ''
function receivedIso(receivedAt: number): string {
  if (receivedAt !== lastReceivedAt) {
    lastReceivedIso = new Date(receivedAt).toISOString()
    lastReceivedAt = receivedAt
  }
  return lastReceivedIso
}

/**
 * Enrich stage: adds the collector's extension attributes (`COLLECTOR_EXTENSIONS`, each listed in
 * docs/protocol.md): receive time, clock-skew corrected time, truncated client IP, user agent and
 * bot flag, and for page views the referrer class and UTM campaign. It first removes any of those
 * names the client sent, so a client cannot spoof them, and never touches the client's other
 * attributes. `partitionkey` starts as the SDK's session id (else anonymous id, else event id);
 * the sessionize stage replaces it with the collector's session.
 */
export function enrichEvent(
  event: CloudEvent,
  facts: RequestFacts,
  options: EnrichOptions
): EnrichedEvent {
  const enriched: Record<string, unknown> = {}
  for (const name in event) {
    if (!owned.has(name)) enriched[name] = event[name]
  }
  const corrected = correctedEventTime(
    event.time,
    event.sentat,
    facts.receivedAt,
    options.clockSkewThresholdMs
  )
  enriched[X.receivedAt] = receivedIso(facts.receivedAt)
  enriched[X.correctedTime] =
    corrected === facts.receivedAt ? receivedIso(corrected) : new Date(corrected).toISOString()
  // CloudEvents Partitioning extension: the key that keeps one session on one partition.
  enriched[X.partitionKey] = event.sessionid ?? event.anonymousid ?? event.id
  if (facts.clientIp !== undefined) enriched[X.clientIp] = facts.clientIp
  const agent = facts.userAgent
  if (agent) {
    enriched[X.isBot] = agent.bot
    for (const [field, name] of userAgentEntries) {
      const value = agent[field]
      if (value !== undefined) enriched[name] = value
    }
  }
  if (event.type === EVENT_TYPES.pageView) {
    const data = event.data as { url: string; referrer?: string }
    const referrer = classifyReferrer(data.referrer, data.url, options.internalHosts)
    enriched[X.referrerClass] = referrer.class
    if (referrer.host !== undefined) enriched[X.referrerHost] = referrer.host
    const campaign = campaignOf(data.url)
    if (campaign) {
      for (const [field, name] of campaignEntries) {
        const value = campaign[field]
        if (value !== undefined) enriched[name] = value
      }
    }
  }
  return enriched as EnrichedEvent
}
