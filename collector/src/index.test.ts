import { expect, it } from 'vitest'
import * as collector from './index.js'

it('exports exactly its public API', () => {
  expect(Object.keys(collector).sort()).toMatchInlineSnapshot(`
    [
      "COLLECTOR_NODE_FLAGS",
      "CollectorError",
      "ConfigError",
      "DELIVERY_MODES",
      "HttpError",
      "METRICS_PATH",
      "PublishError",
      "QueueFullError",
      "READY_PATH",
      "RequestRejectedError",
      "SessionContentionError",
      "SpoolError",
      "UnavailableError",
      "createCollector",
      "createDurablePublisher",
      "createKafkaPublisher",
      "createMemoryDedupStore",
      "createMemorySessionStore",
      "createMetrics",
      "createRedisDedupStore",
      "createRedisSessionStore",
      "isCollectorError",
      "loadConfig",
      "noDelaySocketFactory",
      "openSpool",
      "readConfigFile",
      "startCollectorServer",
    ]
  `)
})
