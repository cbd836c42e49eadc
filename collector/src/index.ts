/**
 * @clickstream/collector: the Hono app that validates CloudEvents and publishes them to Kafka,
 * its Node server and its Kafka publisher.
 */
export {
  createCollector,
  METRICS_PATH,
  READY_PATH,
  type BatchAnswer,
  type CollectorEnv,
  type CollectorOptions,
} from './app.js'
export {
  loadConfig,
  type CollectorConfig,
  type Compression,
  type LogLevel,
  type ServerConfig,
} from './config.js'
export {
  CollectorError,
  ConfigError,
  HttpError,
  isCollectorError,
  PublishError,
  QueueFullError,
  RequestRejectedError,
  SpoolError,
  UnavailableError,
  type CollectorErrorOptions,
  type ErrorBody,
  type RequestReason,
  type SpoolErrorCode,
} from './errors.js'
export {
  createDurablePublisher,
  type DurablePublisher,
  type DurablePublisherOptions,
} from './delivery/durable-publisher.js'
export type { Readiness } from './delivery/readiness.js'
export {
  createKafkaPublisher,
  type KafkaPublisher,
  type KafkaPublisherOptions,
} from './kafka/publisher.js'
export type { ProducerSettings } from './kafka/producer-settings.js'
export { createMetrics, type CollectorMetrics } from './metrics.js'
export type { EventReason, Rejection } from './pipeline/validate.js'
export type { PipelineConfig } from './pipeline/pipeline-config.js'
export { readConfigFile, type ConfigFile } from './config-file.js'
export type { RecordMode } from './kafka/cloudevent-record.js'
export type { RouteRule } from './routing/route-rules.js'
export type { SessionOptions } from './session/session-options.js'
export type { DedupOptions } from './dedup/dedup-options.js'
export type { CookieOptions } from './http/cookies.js'
export type { SessionStore, SessionState, SessionUpdate } from './session/session-store.js'
export { createMemorySessionStore } from './session/memory-session-store.js'
export { createRedisSessionStore, SessionContentionError } from './session/redis-session-store.js'
export type { ClaimStatus, DedupStore } from './dedup/dedup-store.js'
export { createMemoryDedupStore } from './dedup/memory-dedup-store.js'
export { createRedisDedupStore } from './dedup/redis-dedup-store.js'
export { COLLECTOR_NODE_FLAGS } from './node-flags.js'
export { noDelaySocketFactory } from './kafka/socket-factory.js'
export { DELIVERY_MODES, type DeliveryMode, type KafkaRecord, type Publisher } from './publisher.js'
export {
  startCollectorServer,
  type CollectorServer,
  type StartCollectorServerOptions,
} from './server.js'
export {
  openSpool,
  type Spool,
  type SpoolOptions,
  type SpoolRecovery,
  type SpoolSegment,
} from './spool/spool.js'
