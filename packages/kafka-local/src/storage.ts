import { randomBytes } from 'node:crypto'

import { KafkaStartError } from './errors.js'
import { lastLines, runCommand } from './run-command.js'

/**
 * A new Kafka cluster id: 16 random bytes in unpadded base64url, like `StorageTool random-uuid`,
 * which also avoids ids starting with `-` because they read as a command-line flag.
 */
export function generateClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

/** What {@link formatStorage} needs to format one node's log dir. */
export type FormatStorageInput = {
  java: string
  classpath: string
  nodeId: number
  clusterId: string
  propertiesFile: string
  log4jFile: string
  logFile: string
}

/**
 * Writes `meta.properties` and the bootstrap metadata into a node's log dir (KRaft requires a
 * formatted dir). A dir formatted earlier is left as it is, so kept data survives restarts.
 */
export async function formatStorage(input: FormatStorageInput): Promise<void> {
  const result = await runCommand(input.java, [
    // A short-lived tool: a small heap and the C1-only JIT start faster; the broker uses neither.
    '-Xmx256m',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${input.log4jFile}`,
    '-cp',
    input.classpath,
    'kafka.tools.StorageTool',
    'format',
    '--cluster-id',
    input.clusterId,
    '--config',
    input.propertiesFile,
    '--ignore-formatted',
  ])
  if (result.code !== 0) {
    throw new KafkaStartError(
      'FORMAT_FAILED',
      `Formatting the storage of Kafka node ${input.nodeId} failed (exit code ${result.code}):\n` +
        lastLines(`${result.stdout}\n${result.stderr}`, 20),
      { [input.nodeId]: input.logFile }
    )
  }
}
