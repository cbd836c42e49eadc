import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/** Tests import workspace packages from source, so `npm test` never runs against a stale build. */
const alias = Object.fromEntries(
  [
    ['@clickstream/schema/constants', 'packages/schema/src/constants.ts'],
    ['@clickstream/schema/validate', 'packages/schema/src/validate.ts'],
    ['@clickstream/schema/compile', 'packages/schema/src/compile.ts'],
    ['@clickstream/schema', 'packages/schema/src/index.ts'],
    ['@clickstream/kafka-local', 'packages/kafka-local/src/index.ts'],
    ['@clickstream/chromium-local', 'packages/chromium-local/src/index.ts'],
    ['@clickstream/consumer', 'packages/consumer/src/index.ts'],
    ['@clickstream/collector', 'collector/src/index.ts'],
  ].map(([name, path]) => [name, fileURLToPath(new URL(path, import.meta.url))])
)

const kafkaSetup = fileURLToPath(new URL('test/kafka-global-setup.ts', import.meta.url))

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            '{packages/*,collector,sdk}/src/**/*.test.ts',
            'packages/schema/test/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          // The built SDK in real Chromium against local pages: no Kafka needed.
          name: 'browser',
          include: ['sdk/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            '{packages/kafka-local,collector,packages/consumer,packages/bench}/test/**/*.test.ts',
          ],
          globalSetup: [kafkaSetup],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: [kafkaSetup],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Chromium and the collector share two cores with Kafka: one browser at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
