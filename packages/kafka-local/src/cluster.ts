import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { brokerProperties, type Voter } from './broker-config.js'
import { KafkaLocalError, KafkaStartError } from './errors.js'
import { formatSeconds, logToStderr, type LogFunction } from './log.js'
import { readLogTail } from './log-tail.js'
import { log4jProperties } from './logging-config.js'
import { spawnNodeProcess, type NodeExit, type NodeProcess } from './node-process.js'
import { guardDir } from './orphan-guard.js'
import { assertPortFree, findFreePorts, LOOPBACK } from './ports.js'
import { renderProperties, type PropertyValue } from './properties-file.js'
import { waitForBrokers } from './readiness.js'
import { defaultCacheRoot, resolveKafkaJars } from './resolve-jars.js'
import { formatStorage, generateClusterId } from './storage.js'
import { checkJava, javaCommand } from './toolchain.js'

/** Options of {@link startKafka}. */
export type KafkaLocalOptions = {
  /**
   * Number of nodes, each a combined broker and controller. 3 gives replication factor 3 and
   * min.insync.replicas 2, for fault tests.
   * @defaultValue 1
   */
  nodes?: 1 | 3
  /**
   * Client port of the first node (e.g. 9092 for tools with that default); the other ports are
   * always free ones.
   * @defaultValue 0, meaning a free port
   */
  port?: number
  /**
   * Where the nodes keep their data and logs (`<dataDir>/node-<id>/`). An existing dir of an
   * earlier run with the same node count is reused, data included.
   * @defaultValue a new temporary dir
   */
  dataDir?: string
  /**
   * Keep the data on `stop()`. When false, the temporary dir is deleted (or, for a given
   * `dataDir`, only the files this package created in it).
   * @defaultValue true when `dataDir` is given, false otherwise
   */
  keepData?: boolean
  /**
   * Partitions of auto-created topics.
   * @defaultValue 3
   */
  numPartitions?: number
  /**
   * Extra broker properties, applied last to every node, e.g. `{ 'log.retention.ms': 60000 }`.
   * @defaultValue {}
   */
  brokerProperties?: Readonly<Record<string, PropertyValue>>
  /**
   * JVM heap of each node in MiB; 3 × 512 fits a 2-core, 4 GiB box.
   * @defaultValue 512
   */
  heapMb?: number
  /**
   * How long to wait for all nodes to be ready, on start and on restart.
   * @defaultValue 90000
   */
  startTimeoutMs?: number
  /**
   * How long a node may take to shut down after SIGTERM before it gets SIGKILL.
   * @defaultValue 10000
   */
  stopTimeoutMs?: number
  /**
   * Root of the jar cache.
   * @defaultValue `$CLICKSTREAM_KAFKA_CACHE`, else `~/.cache/clickstream`
   */
  cacheDir?: string
  /**
   * Receives progress messages ("starting 3 Kafka nodes…"); pass `() => {}` for silence.
   * @defaultValue writes to stderr
   */
  log?: LogFunction
}

/** One node as it is now. */
export type KafkaNodeInfo = {
  /** Kafka `node.id`, from 1. */
  id: number
  /** Client port on 127.0.0.1. */
  port: number
  controllerPort: number
  /** `127.0.0.1:port`. */
  broker: string
  /** The node's folder: config, data (`data/`) and log. */
  nodeDir: string
  /** Everything the node logged, across restarts. */
  logFile: string
  /** Process id of the JVM, undefined while the node is stopped. */
  pid: number | undefined
  running: boolean
}

/** A running local Kafka cluster. */
export type KafkaCluster = {
  /** `127.0.0.1:port` of every node, in node id order. */
  brokers: string[]
  /** The brokers comma-joined, the format of `KAFKA_BROKERS` and `--bootstrap-server`. */
  bootstrap: string
  clusterId: string
  dataDir: string
  /** A snapshot of every node. */
  readonly nodes: KafkaNodeInfo[]
  /** Stops every node (SIGTERM, then SIGKILL after `stopTimeoutMs`) and removes temporary data. Idempotent. */
  stop(): Promise<void>
  /**
   * Sends a signal to a node and waits for it to exit; its data and ports are kept for
   * `restartNode`. `SIGSTOP`/`SIGCONT` pause and resume it (a hung broker) without waiting.
   */
  killNode(id: number, signal?: NodeJS.Signals): Promise<void>
  /** Stops a node gracefully (SIGTERM, controlled shutdown), keeping its data and ports. */
  stopNode(id: number): Promise<void>
  /** Stops the node if it runs, starts it again on the same ports and data, and waits until it is registered. */
  restartNode(id: number): Promise<void>
  /** Path of a node's log file. */
  logFileOf(id: number): string
}

type NodeState = {
  info: Omit<KafkaNodeInfo, 'pid' | 'running'>
  propertiesFile: string
  log4jFile: string
  process: NodeProcess | undefined
  /** Set before we stop or kill the node, so its exit is not reported as a crash. */
  exitExpected: boolean
}

/** Remembered in the data dir so a reused dir keeps its cluster id. */
type ClusterFile = { clusterId: string; nodes: number }

const CLUSTER_FILE = 'cluster.json'

/**
 * Starts a real Apache Kafka cluster (KRaft, no ZooKeeper) on loopback ports and resolves once
 * every broker is registered and serving metadata. Java 17+ is required; the jars are resolved
 * with Maven on first use.
 *
 * @example
 * const kafka = await startKafka({ nodes: 3 })
 * try {
 *   // new Kafka({ brokers: kafka.brokers }) …
 * } finally {
 *   await kafka.stop()
 * }
 */
export async function startKafka(options: KafkaLocalOptions = {}): Promise<KafkaCluster> {
  const given = withoutUndefined(options)
  const config = {
    nodes: 1,
    port: 0,
    dataDir: '',
    keepData: given.dataDir !== undefined,
    numPartitions: 3,
    brokerProperties: {},
    heapMb: 512,
    startTimeoutMs: 90_000,
    stopTimeoutMs: 10_000,
    cacheDir: defaultCacheRoot(),
    log: logToStderr,
    ...given,
  } satisfies Required<KafkaLocalOptions>
  validate(config)
  const { log } = config

  const java = javaCommand()
  await checkJava(java)
  const { classpath } = await resolveKafkaJars({ cacheDir: config.cacheDir, log })

  const startedAt = Date.now()
  const ids = Array.from({ length: config.nodes }, (_, index) => index + 1)
  if (config.port !== 0) await assertPortFree(config.port)
  const free = await findFreePorts(config.nodes * 2 - (config.port !== 0 ? 1 : 0))
  const ownsDataDir = config.dataDir === ''
  const dataDir = ownsDataDir
    ? await mkdtemp(path.join(os.tmpdir(), 'clickstream-kafka-'))
    : path.resolve(config.dataDir)
  await mkdir(dataDir, { recursive: true })
  const clusterId = await readOrCreateClusterId(dataDir, config.nodes)

  const clientPorts = ids.map((_, index) =>
    index === 0 && config.port !== 0 ? config.port : free.shift()!
  )
  const voters: Voter[] = ids.map((id) => ({
    id,
    host: LOOPBACK,
    controllerPort: free.shift()!,
  }))

  const states: NodeState[] = ids.map((id, index) => {
    const nodeDir = path.join(dataDir, `node-${id}`)
    return {
      info: {
        id,
        port: clientPorts[index]!,
        controllerPort: voters[index]!.controllerPort,
        broker: `${LOOPBACK}:${clientPorts[index]}`,
        nodeDir,
        logFile: path.join(nodeDir, 'server.log'),
      },
      propertiesFile: path.join(nodeDir, 'server.properties'),
      log4jFile: path.join(nodeDir, 'log4j2.properties'),
      process: undefined,
      exitExpected: false,
    }
  })

  // What stop() deletes, and what the orphan guard deletes if this process dies first.
  const disposable = config.keepData
    ? []
    : ownsDataDir
      ? [dataDir]
      : [...states.map((state) => state.info.nodeDir), path.join(dataDir, CLUSTER_FILE)]
  const releaseDirs = disposable.map((dir) => guardDir(dir))

  for (const state of states) {
    const { info } = state
    await mkdir(info.nodeDir, { recursive: true })
    const properties = brokerProperties({
      nodeId: info.id,
      host: LOOPBACK,
      port: info.port,
      controllerPort: info.controllerPort,
      voters,
      logDir: path.join(info.nodeDir, 'data'),
      numPartitions: config.numPartitions,
      overrides: config.brokerProperties,
    })
    await writeFile(
      state.propertiesFile,
      renderProperties(properties, 'Written by @clickstream/kafka-local on every start.')
    )
    await writeFile(state.log4jFile, log4jProperties(info.logFile))
  }

  const brokers = states.map((state) => state.info.broker)
  const byId = new Map(states.map((state) => [state.info.id, state]))
  const logFiles = Object.fromEntries(states.map((state) => [state.info.id, state.info.logFile]))
  let stopping: Promise<void> | undefined

  const nodeOf = (id: number): NodeState => {
    const state = byId.get(id)
    if (!state) {
      throw new KafkaLocalError(
        'UNKNOWN_NODE',
        `No Kafka node ${id}; the node ids are ${ids.join(', ')}`
      )
    }
    return state
  }

  const assertNotStopped = (): void => {
    if (stopping) throw new KafkaLocalError('CLUSTER_STOPPED', 'This Kafka cluster was stopped')
  }

  const launch = async (state: NodeState): Promise<NodeProcess> => {
    state.exitExpected = false
    const child = await spawnNodeProcess({
      java,
      classpath,
      nodeDir: state.info.nodeDir,
      propertiesFile: state.propertiesFile,
      log4jFile: state.log4jFile,
      logFile: state.info.logFile,
      heapMb: config.heapMb,
    })
    state.process = child
    void child.exited.then((exit) => {
      if (!state.exitExpected && !stopping) {
        log(
          `Kafka node ${state.info.id} exited unexpectedly (${describeExit(exit)}); see ${state.info.logFile}`
        )
      }
    })
    return child
  }

  /** Waits until `wanted` are registered; fails as soon as one of their processes exits. */
  const awaitReady = async (wanted: readonly NodeState[], what: string): Promise<void> => {
    const abort = new AbortController()
    const exits = wanted.map(async (state) => {
      const exit = await state.process!.exited
      return { state, exit }
    })
    const firstExit = Promise.race(exits).then((crash) => {
      abort.abort()
      return crash
    })
    const ready = waitForBrokers({
      bootstrap: states.filter((state) => isRunning(state)).map((state) => state.info.broker),
      nodeIds: wanted.map((state) => state.info.id),
      timeoutMs: config.startTimeoutMs,
      signal: abort.signal,
    }).catch(() => false)
    const outcome = await Promise.race([ready, firstExit])
    abort.abort()
    if (outcome === true) return
    if (outcome === false) {
      throw new KafkaStartError(
        'START_TIMEOUT',
        `${what}: Kafka was not ready after ${formatSeconds(config.startTimeoutMs)}.\n` +
          (await logTails(wanted)),
        logFiles
      )
    }
    throw new KafkaStartError(
      'NODE_EXITED',
      `${what}: Kafka node ${outcome.state.info.id} exited during startup (${describeExit(outcome.exit)}).\n` +
        (await logTails([outcome.state])),
      logFiles
    )
  }

  log(`starting ${config.nodes} Kafka node${config.nodes === 1 ? '' : 's'}…`)
  try {
    await Promise.all(
      states.map((state) =>
        formatStorage({
          java,
          classpath,
          nodeId: state.info.id,
          clusterId,
          propertiesFile: state.propertiesFile,
          log4jFile: state.log4jFile,
          logFile: state.info.logFile,
        })
      )
    )
    for (const state of states) await launch(state)
    await awaitReady(states, 'Starting Kafka')
  } catch (error) {
    for (const state of states) {
      state.exitExpected = true
      state.process?.signal('SIGKILL')
    }
    await Promise.all(states.map((state) => state.process?.exited))
    // Keep the logs for diagnosis; the error says where they are.
    for (const release of releaseDirs) release()
    if (error instanceof KafkaLocalError) {
      error.message += `\nNode logs kept in ${dataDir}`
    }
    throw error
  }
  log(`Kafka ready at ${brokers.join(',')} in ${formatSeconds(Date.now() - startedAt)}`)

  const stopNode = async (state: NodeState): Promise<void> => {
    if (!isRunning(state)) return
    state.exitExpected = true
    await state.process!.stop(config.stopTimeoutMs)
  }

  return {
    brokers,
    bootstrap: brokers.join(','),
    clusterId,
    dataDir,
    get nodes() {
      return states.map((state) => ({
        ...state.info,
        pid: isRunning(state) ? state.process!.pid : undefined,
        running: isRunning(state),
      }))
    },
    stop() {
      stopping ??= (async () => {
        await Promise.all(states.map(stopNode))
        await Promise.all(disposable.map((file) => rm(file, { recursive: true, force: true })))
        for (const release of releaseDirs) release()
      })()
      return stopping
    },
    async killNode(id, signal = 'SIGKILL') {
      const state = nodeOf(id)
      if (!isRunning(state)) return
      if (signal === 'SIGSTOP' || signal === 'SIGCONT') {
        state.process!.signal(signal)
        return
      }
      state.exitExpected = true
      state.process!.signal(signal)
      await state.process!.exited
    },
    async stopNode(id) {
      await stopNode(nodeOf(id))
    },
    async restartNode(id) {
      const state = nodeOf(id)
      assertNotStopped()
      await stopNode(state)
      assertNotStopped()
      await launch(state)
      await awaitReady([state], `Restarting Kafka node ${id}`)
    },
    logFileOf(id) {
      return nodeOf(id).info.logFile
    },
  }
}

function isRunning(state: NodeState): boolean {
  return state.process !== undefined && state.process.exit() === undefined
}

function describeExit(exit: NodeExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`
}

async function logTails(states: readonly NodeState[]): Promise<string> {
  const parts = await Promise.all(
    states.map(
      async (state) =>
        `--- node ${state.info.id}: ${state.info.logFile} (last lines) ---\n${await readLogTail(state.info.logFile)}`
    )
  )
  return parts.join('\n')
}

async function readOrCreateClusterId(dataDir: string, nodes: number): Promise<string> {
  const file = path.join(dataDir, CLUSTER_FILE)
  if (existsSync(file)) {
    const existing = JSON.parse(await readFile(file, 'utf8')) as ClusterFile
    if (existing.nodes !== nodes) {
      throw new KafkaLocalError(
        'DATA_DIR_MISMATCH',
        `${dataDir} holds a ${existing.nodes}-node cluster; start it with nodes: ${existing.nodes} or use another dataDir`
      )
    }
    return existing.clusterId
  }
  const created: ClusterFile = { clusterId: generateClusterId(), nodes }
  await writeFile(file, `${JSON.stringify(created, null, 2)}\n`)
  return created.clusterId
}

function validate(config: Required<KafkaLocalOptions>): void {
  const problems: string[] = []
  if (config.nodes !== 1 && config.nodes !== 3)
    problems.push(`nodes must be 1 or 3, not ${config.nodes}`)
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    problems.push(`port must be an integer from 0 to 65535, not ${config.port}`)
  }
  if (!Number.isInteger(config.numPartitions) || config.numPartitions < 1) {
    problems.push(`numPartitions must be a positive integer, not ${config.numPartitions}`)
  }
  if (!Number.isInteger(config.heapMb) || config.heapMb < 128) {
    problems.push(`heapMb must be an integer of at least 128, not ${config.heapMb}`)
  }
  if (!(config.startTimeoutMs > 0)) problems.push('startTimeoutMs must be positive')
  if (!(config.stopTimeoutMs > 0)) problems.push('stopTimeoutMs must be positive')
  if (problems.length > 0) {
    throw new KafkaLocalError('INVALID_OPTIONS', `Invalid Kafka options: ${problems.join('; ')}`)
  }
}

/** Drops keys set to `undefined`, so they do not overwrite defaults in a spread. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined)
  ) as Partial<T>
}
