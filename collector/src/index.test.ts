import { expect, it } from 'vitest'
import * as collector from './index.js'

it('exports exactly its public API', () => {
  expect(Object.keys(collector).sort()).toMatchInlineSnapshot(`
    [
      "CollectorError",
      "ConfigError",
      "HttpError",
      "METRICS_PATH",
      "PublishError",
      "RequestRejectedError",
      "UnavailableError",
      "createCollector",
      "createKafkaPublisher",
      "createMetrics",
      "isCollectorError",
      "loadConfig",
      "startCollectorServer",
    ]
  `)
})
