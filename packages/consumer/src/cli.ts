#!/usr/bin/env node
/**
 * `clickstream-consume`: prints the events of Clickstream topics as JSON lines, for `jq`,
 * DuckDB (`read_json_auto('/dev/stdin')`), pandas or a shell pipeline.
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { TOPICS } from '@clickstream/schema/constants'
import { createEventConsumer } from './consume.js'
import { matchesType } from './match.js'

const usage = `usage: clickstream-consume [--brokers host:port,...] [--topic name]... [--type pattern]...
                           [--from-beginning] [--group id]

  --brokers          bootstrap brokers (default: $KAFKA_BROKERS or 127.0.0.1:9092)
  --topic            topic to read, repeatable (default: ${TOPICS.events})
  --type             only events whose type matches, * as wildcard, repeatable
  --from-beginning   read from the start of the topics (with a fresh group)
  --group            consumer group (default: a fresh one each run)

Each line: {"topic","partition","offset","key","event"}`

const { values } = parseArgs({
  options: {
    brokers: { type: 'string' },
    topic: { type: 'string', multiple: true },
    type: { type: 'string', multiple: true },
    'from-beginning': { type: 'boolean', default: false },
    group: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}

const patterns = values.type ?? []
const consumer = createEventConsumer({
  brokers: (values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  groupId: values.group ?? `clickstream-consume-${randomUUID()}`,
  topics: values.topic ?? [TOPICS.events],
  fromBeginning: values['from-beginning'],
  handle: (record) => {
    if (patterns.length > 0 && !patterns.some((p) => matchesType(p, record.event.type))) return
    process.stdout.write(`${JSON.stringify(record)}\n`)
  },
})
const stop = () => void consumer.stop().finally(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
await consumer.start()
