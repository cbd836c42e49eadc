import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'

import { guardPid } from './orphan-guard.js'

/** How to run one Kafka node's JVM. */
export type NodeProcessInput = {
  java: string
  classpath: string
  /** Working directory; also where the JVM writes a crash report (hs_err) if it crashes. */
  nodeDir: string
  propertiesFile: string
  log4jFile: string
  /** Receives the JVM's own stdout and stderr, next to what log4j writes there. */
  logFile: string
  heapMb: number
}

/** How a node process ended. */
export type NodeExit = { code: number | null; signal: NodeJS.Signals | null }

/** A running Kafka JVM. */
export type NodeProcess = {
  pid: number
  /** Settles when the process has exited, however it ended. */
  exited: Promise<NodeExit>
  /** The exit, once the process has exited. */
  exit(): NodeExit | undefined
  /** Sends a signal; a no-op when the process has already exited. */
  signal(signal: NodeJS.Signals): void
  /** SIGTERM, then SIGKILL when it has not exited within `timeoutMs`. */
  stop(timeoutMs: number): Promise<NodeExit>
}

/** The `java` arguments of a node: JVM flags, classpath, main class, config file. */
export function jvmArgs(input: NodeProcessInput): string[] {
  return [
    `-Xms${input.heapMb}m`,
    `-Xmx${input.heapMb}m`,
    // The G1 settings of Kafka's own kafka-run-class.sh: short pauses keep the quorum happy.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    // A broker out of memory is broken; exiting makes that visible instead of limping on.
    '-XX:+ExitOnOutOfMemoryError',
    `-XX:ErrorFile=${input.nodeDir}/hs_err_pid%p.log`,
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${input.log4jFile}`,
    '-cp',
    input.classpath,
    'kafka.Kafka',
    input.propertiesFile,
  ]
}

/** Starts a node's JVM; resolves once the process exists (not when Kafka is ready). */
export async function spawnNodeProcess(input: NodeProcessInput): Promise<NodeProcess> {
  const output = openSync(input.logFile, 'a')
  let child
  try {
    child = spawn(input.java, jvmArgs(input), {
      cwd: input.nodeDir,
      stdio: ['ignore', output, output],
    })
    await new Promise<void>((resolve, reject) => {
      child!.once('spawn', resolve)
      child!.once('error', reject)
    })
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(output)
  }
  const pid = child.pid!
  const release = guardPid(pid)
  let exitInfo: NodeExit | undefined
  const exited = new Promise<NodeExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal }
      release()
      resolve(exitInfo)
    })
  })

  const signal = (name: NodeJS.Signals): void => {
    if (exitInfo) return
    try {
      child.kill(name)
    } catch {
      // Exited between the check and the kill.
    }
  }

  return {
    pid,
    exited,
    exit: () => exitInfo,
    signal,
    async stop(timeoutMs) {
      signal('SIGTERM')
      // A node paused with SIGSTOP acts on SIGTERM only once resumed.
      signal('SIGCONT')
      const timer = setTimeout(() => signal('SIGKILL'), timeoutMs)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
