import { LIMITS, TOPICS } from '@clickstream/schema'
import { dedupDefaults, type DedupOptions } from '../dedup/dedup-options.js'
import type { ClientIpMode } from '../enrich/anonymize-ip.js'
import { cookieDefaults, type CookieOptions } from '../http/cookies.js'
import type { RecordMode } from '../kafka/cloudevent-record.js'
import type { RouteRule } from '../routing/route-rules.js'
import { sessionDefaults, type SessionOptions } from '../session/session-options.js'
import type { JsonSchema } from '../validation/custom-schemas.js'

/**
 * The pipeline's settings (decode → validate → enrich → sessionize → dedup → route), all
 * optional, all settable in the config file (docs/configuration.md).
 */
export interface PipelineConfig {
  /**
   * Most bytes of a request body once gzip is decoded; larger bodies are answered 413.
   * @defaultValue `1048576` (1 MiB)
   */
  maxDecompressedBytes?: number
  /**
   * Longest string in an event, property names included, in UTF-16 code units; longer is
   * rejected as `limit_exceeded`.
   * @defaultValue `4096`
   */
  maxStringLength?: number
  /**
   * Deepest nesting of objects and arrays in an event (the event itself is level 1).
   * @defaultValue `10`
   */
  maxDepth?: number
  /**
   * Most properties of one object, and items of one array, in an event.
   * @defaultValue `128`
   */
  maxProperties?: number
  /**
   * Accept `clickstream.action` names without a schema in `actionSchemas`; when false they are
   * rejected as `unknown_type`.
   * @defaultValue `true`
   */
  acceptUnknownActions?: boolean
  /**
   * Data schemas (JSON Schema) of the site's own event types, by type; compiled at start-up.
   * @defaultValue `{}`
   */
  eventSchemas?: Readonly<Record<string, JsonSchema>>
  /**
   * Schemas of the `properties` of the site's custom actions, by action name.
   * @defaultValue `{}`
   */
  actionSchemas?: Readonly<Record<string, JsonSchema>>
  /**
   * Topic of the dead-letter records (every rejected event, with reason and payload).
   * @defaultValue `'clickstream.deadletter'`
   */
  deadLetterTopic?: string
  /**
   * Topic of `clickstream.session_start` when no route says otherwise.
   * @defaultValue `'clickstream.sessions'`
   */
  sessionsTopic?: string
  /**
   * Payloads in dead-letter records are cut after this many bytes.
   * @defaultValue `32768`
   */
  maxDeadLetterPayloadBytes?: number
  /**
   * Routing rules, first match wins; unmatched events go to `topic`, session starts to
   * `sessionsTopic`.
   * @defaultValue `[]`
   */
  routes?: readonly RouteRule[]
  /**
   * CloudEvents Kafka binding content mode of the records: `structured` (the whole event as
   * JSON in the value) or `binary` (attributes in headers, data in the value; kafkajs spends
   * about three times the CPU on such a record, see docs/decisions.md).
   * @defaultValue `'structured'`
   */
  recordMode?: RecordMode
  /**
   * Proxies (addresses or CIDR blocks) whose `X-Forwarded-For` and `X-Forwarded-Proto` are
   * believed; from anyone else these headers are ignored.
   * @defaultValue `[]`
   */
  trustedProxies?: readonly string[]
  /**
   * What is kept of the client IP: `truncate` (IPv4 /24, IPv6 /48) or `remove`.
   * @defaultValue `'truncate'`
   */
  clientIp?: ClientIpMode
  /**
   * Difference between the receive time and the SDK's `sentat` over which event times are
   * corrected for clock skew, in ms.
   * @defaultValue `5000`
   */
  clockSkewThresholdMs?: number
  /**
   * Parsed user agents kept in the LRU cache.
   * @defaultValue `1000`
   */
  userAgentCacheSize?: number
  /**
   * Hosts whose referrals count as `internal` besides the page's own; `.shop.example` also
   * matches subdomains.
   * @defaultValue `[]`
   */
  internalHosts?: readonly string[]
  /** Sessionization; see {@link SessionOptions}. */
  session?: SessionOptions
  /** Duplicate detection; see {@link DedupOptions}. */
  dedup?: DedupOptions
  /** First-party cookie mode; see {@link CookieOptions}. */
  cookie?: CookieOptions
}

/** Defaults of {@link PipelineConfig}. */
export const pipelineConfigDefaults = {
  maxDecompressedBytes: LIMITS.maxBodyBytes,
  maxStringLength: 4096,
  maxDepth: 10,
  maxProperties: 128,
  acceptUnknownActions: true,
  eventSchemas: {},
  actionSchemas: {},
  deadLetterTopic: TOPICS.deadLetter,
  sessionsTopic: TOPICS.sessions,
  maxDeadLetterPayloadBytes: 32 * 1024,
  routes: [],
  recordMode: 'structured',
  trustedProxies: [],
  clientIp: 'truncate',
  clockSkewThresholdMs: 5_000,
  userAgentCacheSize: 1_000,
  internalHosts: [],
  session: sessionDefaults,
  dedup: dedupDefaults,
  cookie: cookieDefaults,
} as const satisfies Required<PipelineConfig>
