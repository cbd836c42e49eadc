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
  originNotAllowed: 'origin_not_allowed',
} as const

/** A stable reason code. */
export type Reason = (typeof REASONS)[keyof typeof REASONS]
