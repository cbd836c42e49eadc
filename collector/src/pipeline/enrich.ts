import { COLLECTOR_EXTENSIONS, EVENT_TYPES, type CloudEvent } from '@clickstream/schema'
import { campaignOf } from '../enrich/campaign.js'
import { correctedEventTime } from '../enrich/event-time.js'
import { classifyReferrer } from '../enrich/referrer.js'
import type { UserAgentInfo } from '../enrich/user-agent.js'
import { rememberLast } from '../remember-last.js'

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

/** The extension attributes, each optional: what `enrichEvent` writes, by name. */
type Extensions = { -readonly [K in (typeof X)[keyof typeof X]]?: unknown }

/** The client's attributes, without the collector-owned ones. */
function clientAttributes(event: CloudEvent): Record<string, unknown> {
  const copy: Record<string, unknown> = {}
  for (const name in event) if (!owned.has(name)) copy[name] = event[name]
  return copy
}

// Every event of a request shares its receive time: format it once, not once per event.
const receivedIso = rememberLast((receivedAt: number) => new Date(receivedAt).toISOString())

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
  // Attributes are added with dot syntax, not `enriched[X.name]`: V8 turns an object that grows
  // by more than 12 computed-key stores into a slow dictionary, which every later copy and
  // JSON.stringify of the event pays for. Their order is the record's attribute order.
  const enriched = clientAttributes(event) as Extensions
  const corrected = correctedEventTime(
    event.time,
    event.sentat,
    facts.receivedAt,
    options.clockSkewThresholdMs
  )
  enriched.receivedat = receivedIso(facts.receivedAt)
  enriched.correctedtime =
    corrected === facts.receivedAt ? receivedIso(corrected) : new Date(corrected).toISOString()
  // CloudEvents Partitioning extension: the key that keeps one session on one partition.
  enriched.partitionkey = event.sessionid ?? event.anonymousid ?? event.id
  if (facts.clientIp !== undefined) enriched.clientip = facts.clientIp
  const agent = facts.userAgent
  if (agent) {
    enriched.isbot = agent.bot
    if (agent.browser !== undefined) enriched.uabrowser = agent.browser
    if (agent.browserVersion !== undefined) enriched.uabrowserversion = agent.browserVersion
    if (agent.os !== undefined) enriched.uaos = agent.os
    if (agent.osVersion !== undefined) enriched.uaosversion = agent.osVersion
    if (agent.deviceType !== undefined) enriched.uadevicetype = agent.deviceType
    if (agent.deviceVendor !== undefined) enriched.uadevicevendor = agent.deviceVendor
    if (agent.deviceModel !== undefined) enriched.uadevicemodel = agent.deviceModel
  }
  if (event.type === EVENT_TYPES.pageView) {
    const data = event.data as { url: string; referrer?: string }
    const referrer = classifyReferrer(data.referrer, data.url, options.internalHosts)
    enriched.referrerclass = referrer.class
    if (referrer.host !== undefined) enriched.referrerhost = referrer.host
    const campaign = campaignOf(data.url)
    if (campaign) {
      if (campaign.source !== undefined) enriched.utmsource = campaign.source
      if (campaign.medium !== undefined) enriched.utmmedium = campaign.medium
      if (campaign.campaign !== undefined) enriched.utmcampaign = campaign.campaign
      if (campaign.term !== undefined) enriched.utmterm = campaign.term
      if (campaign.content !== undefined) enriched.utmcontent = campaign.content
    }
  }
  return enriched as unknown as EnrichedEvent
}
