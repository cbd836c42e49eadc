export {
  startKafka,
  type KafkaCluster,
  type KafkaLocalOptions,
  type KafkaNodeInfo,
} from './cluster.js'
export {
  isKafkaLocalError,
  KafkaLocalError,
  KafkaStartError,
  MissingToolError,
  type KafkaLocalErrorCode,
} from './errors.js'
export type { LogFunction } from './log.js'
export type { PropertyValue } from './properties-file.js'
export { resolveKafkaJars, type ResolvedJars, type ResolveJarsOptions } from './resolve-jars.js'
