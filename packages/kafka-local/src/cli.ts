#!/usr/bin/env node
import { parseArgs } from 'node:util'

import { startKafka, type KafkaCluster } from './cluster.js'
import { isKafkaLocalError } from './errors.js'
import { logToStderr } from './log.js'
import { readLogTail } from './log-tail.js'
import type { PropertyValue } from './properties-file.js'
import { resolveKafkaJars } from './resolve-jars.js'

const USAGE = `Usage:
  kafka-local start [options]   run a local Apache Kafka until Ctrl-C; prints its bootstrap address
  kafka-local resolve [--force] download the Kafka jars with Maven into the cache, print their folder

Options of start:
  --nodes <1|3>          number of broker+controller nodes (default 1)
  --port <port>          client port of the first node (default: a free port)
  --data-dir <dir>       keep data in <dir> and reuse it on the next start (default: a temp dir)
  --keep-data            keep the temp data dir on exit
  --partitions <n>       partitions of auto-created topics (default 3)
  --heap-mb <mb>         JVM heap per node (default 512)
  --set <key=value>      extra broker property, repeatable (e.g. --set log.retention.ms=60000)

Environment:
  CLICKSTREAM_KAFKA_CACHE  jar cache root (default ~/.cache/clickstream)
  JAVA_HOME                Java 17+ to use (default: java on PATH)
`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      nodes: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'keep-data': { type: 'boolean' },
      partitions: { type: 'string' },
      'heap-mb': { type: 'string' },
      set: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command] = positionals
  if (values.help || command === 'help') {
    process.stdout.write(USAGE)
    return 0
  }
  if (command === undefined) {
    process.stderr.write(USAGE)
    return 2
  }
  if (command === 'resolve') {
    const jars = await resolveKafkaJars({ force: values.force })
    if (jars.fromCache) logToStderr(`Kafka ${jars.kafkaVersion} jars already cached`)
    process.stdout.write(`${jars.libsDir}\n`)
    return 0
  }
  if (command !== 'start') {
    process.stderr.write(`Unknown command: ${command}\n\n${USAGE}`)
    return 2
  }

  const nodes = integerOption('nodes', values.nodes)
  if (nodes !== undefined && nodes !== 1 && nodes !== 3) {
    throw new UsageError(`--nodes must be 1 or 3, not ${nodes}`)
  }
  // Set once Kafka is up; until then a signal just exits.
  let cluster: KafkaCluster | undefined = undefined
  let signals = 0
  const onSignal = (): void => {
    signals += 1
    // Before Kafka is up, or on a second Ctrl-C: leave now; the exit hook kills the JVMs.
    if (!cluster || signals > 1) process.exit(130)
    logToStderr('stopping Kafka…')
    void cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logToStderr(`stopping Kafka failed: ${String(error)}`)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  cluster = await startKafka({
    nodes,
    port: integerOption('port', values.port),
    dataDir: values['data-dir'],
    keepData: values['keep-data'],
    numPartitions: integerOption('partitions', values.partitions),
    heapMb: integerOption('heap-mb', values['heap-mb']),
    brokerProperties: parseProperties(values.set ?? []),
  })
  // stdout carries only the address, so scripts can read it: `kafka-local start | head -1`.
  process.stdout.write(`${cluster.bootstrap}\n`)
  logToStderr(
    `data in ${cluster.dataDir}; logs in ${cluster.nodes.map((n) => n.logFile).join(', ')}`
  )
  logToStderr(`KAFKA_BROKERS=${cluster.bootstrap} — press Ctrl-C to stop`)
  return new Promise<number>((resolve) => {
    // A dev session should not sit there with every broker dead.
    const watch = setInterval(() => {
      if (!cluster || cluster.nodes.some((node) => node.running) || signals > 0) return
      clearInterval(watch)
      // The temporary data dir goes away on exit, logs included: show what they said first.
      void Promise.all(
        cluster.nodes.map(
          async (node) => `--- node ${node.id} ---\n${await readLogTail(node.logFile, 20)}`
        )
      ).then((tails) => {
        logToStderr(`every Kafka node has exited; last log lines:\n${tails.join('\n')}`)
        resolve(1)
      })
    }, 1000)
  })
}

class UsageError extends Error {
  override name = 'UsageError'
}

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number))
    throw new UsageError(`--${name} must be an integer, not "${value}"`)
  return number
}

function parseProperties(pairs: readonly string[]): Record<string, PropertyValue> {
  const properties: Record<string, PropertyValue> = {}
  for (const pair of pairs) {
    const separator = pair.indexOf('=')
    if (separator <= 0) throw new UsageError(`--set expects key=value, not "${pair}"`)
    properties[pair.slice(0, separator).trim()] = pair.slice(separator + 1).trim()
  }
  return properties
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`)
      process.exit(2)
    }
    // Our own errors carry everything useful in the message; a stack would bury it.
    process.stderr.write(
      `kafka-local: ${isKafkaLocalError(error) ? error.message : String((error as Error)?.stack ?? error)}\n`
    )
    process.exit(1)
  }
)
