// @ts-check
/**
 * An analytics job: page views per path in one-minute event-time windows, printed as each
 * window closes (events up to 10 s late still count).
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npm run page-views -w @clickstream/example-consumers
 */
import { createEventConsumer, createTumblingCounter } from '@clickstream/consumer'
import { EVENT_TYPES, TOPICS } from '@clickstream/schema'

const counter = createTumblingCounter({ sizeMs: 60_000, allowedLatenessMs: 10_000 })

const consumer = createEventConsumer({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  groupId: 'example-page-views-per-minute',
  topics: [TOPICS.events],
  fromBeginning: true,
  handle: ({ event }) => {
    if (event.type !== EVENT_TYPES.pageView || !event.time) return
    counter.add(Date.parse(event.time), event.subject ?? '/')
  },
})

// The watermark follows the wall clock: a window closes 10 s after its end.
setInterval(() => {
  for (const window of counter.advance(Date.now())) {
    const rows = [...window.counts].sort((a, b) => b[1] - a[1])
    console.log(`\n${new Date(window.start).toISOString()}  page views`)
    for (const [path, count] of rows) console.log(`  ${String(count).padStart(6)}  ${path}`)
  }
}, 1000).unref()

process.once('SIGINT', () => void consumer.stop().then(() => process.exit(0)))
await consumer.start()
console.log(`counting page views per minute from ${TOPICS.events} (Ctrl-C stops)`)
