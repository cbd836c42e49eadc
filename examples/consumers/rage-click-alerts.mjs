// @ts-check
/**
 * A real-time reaction: every rage click or dead click on the site is printed as an alert the
 * moment it reaches Kafka, with the element and the page. A handler that fails is retried, then
 * its event goes to a dead-letter topic instead of blocking the stream.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npm run alerts -w @clickstream/example-consumers
 */
import { createEventConsumer } from '@clickstream/consumer'
import { EVENT_TYPES, TOPICS } from '@clickstream/schema'

const watched = new Set([EVENT_TYPES.rageClick, EVENT_TYPES.deadClick])

const consumer = createEventConsumer({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  groupId: 'example-rage-click-alerts',
  topics: [TOPICS.events],
  deadLetterTopic: 'example.alerts.deadletter',
  handle: ({ event }) => {
    if (!watched.has(/** @type {any} */ (event.type))) return
    const data = /** @type {{ element: { selector: string, text?: string }, clicks?: number }} */ (
      event.data
    )
    const what = event.type === EVENT_TYPES.rageClick ? `rage click ×${data.clicks}` : 'dead click'
    console.log(
      `${event.time}  ${what} on ${data.element.selector}` +
        `${data.element.text ? ` ("${data.element.text}")` : ''} at ${event.source}${event.subject ?? ''}`
    )
  },
})

process.once('SIGINT', () => void consumer.stop().then(() => process.exit(0)))
await consumer.start()
console.log(`watching ${TOPICS.events} for rage and dead clicks (Ctrl-C stops)`)
