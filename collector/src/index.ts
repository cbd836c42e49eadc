/**
 * @clickstream/collector: the Hono app that validates CloudEvents and publishes them to Kafka,
 * its Node server and its Kafka publisher.
 */
export {
  createCollector,
  METRICS_PATH,
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
  RequestRejectedError,
  UnavailableError,
  type CollectorErrorOptions,
  type ErrorBody,
  type RequestReason,
} from './errors.js'
export { createKafkaPublisher, type KafkaPublisherOptions } from './kafka/publisher.js'
export { createMetrics, type CollectorMetrics } from './metrics.js'
export type { EventReason, Rejection } from './pipeline/validate.js'
export type { KafkaRecord, Publisher } from './publisher.js'
export {
  startCollectorServer,
  type CollectorServer,
  type StartCollectorServerOptions,
} from './server.js'
