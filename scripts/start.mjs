#!/usr/bin/env node
/**
 * `npm start`: a local single-node Kafka (unless KAFKA_BROKERS is set), the collector and the
 * example site, with their addresses printed. Ctrl-C stops them all.
 */
import { loadConfig, startCollectorServer } from '@clickstream/collector'
import { startSite } from '@clickstream/example-script-tag-site'
import { startKafka } from '@clickstream/kafka-local'

const port = (name, fallback) => Number(process.env[name] ?? fallback)

let kafka
const stops = []
async function stopAll(code = 0) {
  for (const stop of stops.reverse()) await stop().catch(() => {})
  process.exit(code)
}
process.once('SIGINT', () => void stopAll())
process.once('SIGTERM', () => void stopAll())

try {
  let brokers = process.env.KAFKA_BROKERS
  if (!brokers) {
    kafka = await startKafka({
      nodes: 1,
      port: port('KAFKA_PORT', 9092),
      dataDir: process.env.KAFKA_DATA_DIR ?? '.kafka/data',
      keepData: true,
    })
    stops.push(() => kafka.stop())
    brokers = kafka.bootstrap
  }
  const collector = await startCollectorServer(
    loadConfig({ ...process.env, KAFKA_BROKERS: brokers, HOST: process.env.HOST ?? '127.0.0.1' })
  )
  stops.push(() => collector.close())
  const site = await startSite({ port: port('SITE_PORT', 3000), collectorUrl: collector.url })
  stops.push(() => site.close())

  const topic = process.env.CLICKSTREAM_TOPIC ?? 'clickstream.events'
  console.log(`
Clickstream is running.
  example site   ${site.url}
  collector      ${collector.url}   (POST /v1/events, GET /healthz, GET /metrics)
  kafka          ${brokers}${kafka ? '   (local single node, data in .kafka/)' : ''}

Watch the events:  kcat -b ${brokers} -C -t ${topic} -f '%k %h\\n%s\\n\\n'
Ctrl-C stops everything.
`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  await stopAll(1)
}
