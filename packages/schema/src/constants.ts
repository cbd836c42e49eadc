/**
 * Constants shared by the SDK and the collector. Browser-safe: no Node imports, no runtime
 * dependencies, so the SDK bundle can import from `@clickstream/schema/constants`.
 */

/** CloudEvents spec version this project speaks (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md). */
export const SPEC_VERSION = '1.0'

/** Media types the collector accepts on `POST /v1/events`. */
export const CONTENT_TYPES = {
  /** CloudEvents JSON format §4: a batch is a JSON array of structured events. */
  batch: 'application/cloudevents-batch+json',
  /** CloudEvents HTTP binding §3.2: one structured event. */
  structured: 'application/cloudevents+json',
  /** What `navigator.sendBeacon` and preflight-free `fetch` send: a batch as plain text. */
  text: 'text/plain',
  json: 'application/json',
} as const

/** Built-in event types (CloudEvents `type`). */
export const EVENT_TYPES = {
  pageView: 'clickstream.page_view',
  click: 'clickstream.click',
  rageClick: 'clickstream.rage_click',
  deadClick: 'clickstream.dead_click',
  gesture: 'clickstream.gesture',
  scrollDepth: 'clickstream.scroll_depth',
  formSubmit: 'clickstream.form_submit',
  formField: 'clickstream.form_field',
  action: 'clickstream.action',
  identify: 'clickstream.identify',
  /** Emitted by the collector when it starts a session. */
  sessionStart: 'clickstream.session_start',
} as const

/** A built-in event type. */
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES]

/**
 * Extension context attributes (CloudEvents §3.1.1: lower-case a-z and 0-9, at most 20 chars).
 */
export const EXTENSIONS = {
  /** Anonymous visitor id kept by the SDK (localStorage). */
  anonymousId: 'anonymousid',
  /** Session id kept by the SDK (30 minutes of inactivity). */
  sessionId: 'sessionid',
  /** 1-based number of the event within its session, in capture order. */
  sequence: 'seq',
  /** When the SDK sent the batch (RFC 3339); the collector corrects clock skew with it. */
  sentAt: 'sentat',
  /** Partitioning extension: the Kafka record key (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/extensions/partitioning.md). */
  partitionKey: 'partitionkey',
  /** The site's own user id, after `identify(userId)`. */
  userId: 'userid',
  /** When the collector received the event (RFC 3339). */
  receivedAt: 'receivedat',
  /** On the first event of an SDK request: events the SDK dropped (queue full or expired) since the last delivered request. */
  dropped: 'dropped',
} as const

/** Default Kafka topics. */
export const TOPICS = {
  events: 'clickstream.events',
  deadLetter: 'clickstream.deadletter',
  sessions: 'clickstream.sessions',
} as const

/** Paths the collector serves. */
export const ROUTES = {
  events: '/v1/events',
  health: '/healthz',
} as const

/**
 * The tracking pixel: `GET` answers a 1×1 GIF and maps its query to an event (docs/protocol.md).
 * Kept out of {@link ROUTES} so the SDK bundle does not carry it.
 */
export const PIXEL_PATH = '/v1/p.gif'

/** Limits shared by the SDK (so it never sends what the collector would refuse) and the collector. */
export const LIMITS = {
  /** Largest request body the collector reads, in bytes. */
  maxBodyBytes: 1024 * 1024,
  /** Largest body the SDK puts in one request: the keepalive quota is 64 KiB for all in-flight requests. */
  maxSdkRequestBytes: 60 * 1024,
  /** Most events in one batch. */
  maxBatchEvents: 500,
  /** Largest serialized event, in bytes (well below Kafka's default 1 MB message size). */
  maxEventBytes: 32 * 1024,
} as const

/** Stable reason codes for rejected requests and events; clients and metrics key on them. */
export const REASONS = {
  invalidJson: 'invalid_json',
  invalidBatch: 'invalid_batch',
  emptyBatch: 'empty_batch',
  tooManyEvents: 'too_many_events',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  invalidEnvelope: 'invalid_envelope',
  invalidData: 'invalid_data',
  unknownType: 'unknown_type',
  eventTooLarge: 'event_too_large',
  /** A string, the nesting depth or the number of properties is over the collector's limits. */
  limitExceeded: 'limit_exceeded',
  originNotAllowed: 'origin_not_allowed',
} as const

/** A stable reason code. */
export type Reason = (typeof REASONS)[keyof typeof REASONS]

/**
 * Extension attributes the collector sets on every event it stores (docs/protocol.md). They are
 * owned by the collector: a value a client sends under one of these names is discarded.
 */
export const COLLECTOR_EXTENSIONS = {
  /** When the collector received the event (RFC 3339, milliseconds). */
  receivedAt: 'receivedat',
  /** The event time corrected for the device's clock skew (RFC 3339, milliseconds). */
  correctedTime: 'correctedtime',
  /** The Kafka record key: the collector's session id. */
  partitionKey: 'partitionkey',
  /** The visitor: the first-party cookie, else the SDK's anonymous id, else a daily hash. */
  visitorId: 'visitorid',
  /** The session as the collector decided it (the SDK's `sessionid` when consistent). */
  collectorSessionId: 'collectorsessionid',
  /** 1-based number of the event within the collector's session. */
  collectorSeq: 'collectorseq',
  /** The client's IP address truncated to its /24 (IPv4) or /48 (IPv6); absent when removed. */
  clientIp: 'clientip',
  /** Whether the user agent is a known bot or crawler (`isbot`). */
  isBot: 'isbot',
  uaBrowser: 'uabrowser',
  uaBrowserVersion: 'uabrowserversion',
  uaOs: 'uaos',
  uaOsVersion: 'uaosversion',
  uaDeviceType: 'uadevicetype',
  uaDeviceVendor: 'uadevicevendor',
  uaDeviceModel: 'uadevicemodel',
  /** Page views: `direct`, `internal`, `search`, `social` or `other`. */
  referrerClass: 'referrerclass',
  /** Page views: the referrer's host name. */
  referrerHost: 'referrerhost',
  utmSource: 'utmsource',
  utmMedium: 'utmmedium',
  utmCampaign: 'utmcampaign',
  utmTerm: 'utmterm',
  utmContent: 'utmcontent',
} as const

/** CloudEvents `type` of the records the collector writes to the dead-letter topic. */
export const DEAD_LETTER_TYPE = 'clickstream.dead_letter'
