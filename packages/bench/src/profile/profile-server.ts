import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { checkServerAnswers, type KafkaTarget } from '../collector-load.js'
import type { BatchBodies } from '../events/batch-body.js'
import { measurePoint, type PointResult } from '../load/measure-point.js'
import { isBareHono, type ServerKind } from '../servers/protocol.js'
import { spawnServer } from '../servers/spawn-server.js'
import { summarizeCpuProfile, type ProfileSummary } from './cpu-profile.js'

/** What {@link profileServer} profiles. */
export interface ProfileOptions {
  kind: ServerKind
  bodies: BatchBodies
  connections: number
  durationS: number
  /** Seconds of one warm-up slice. */
  warmupS: number
  /** Warm-up slices go on until the server accepted this many events (see `runBench`). */
  warmupEvents: number
  maxWarmupS: number
  kafka?: KafkaTarget
  /**
   * Paces the profiled run at this many requests/s from all connections (the warm-up still runs
   * as fast as the server answers).
   * @defaultValue as fast as the server answers
   */
  overallRate?: number
  /** Repository root, to print paths relative to it. */
  root: string
}

/** A profiled run: the load point (slower than unprofiled ones) and the profile's summary. */
export interface ProfileResult {
  kind: ServerKind
  point: PointResult
  summary: ProfileSummary
}

/**
 * Runs one server kind under `node --cpu-prof` for one load point and sums the main thread's
 * self time per function. A run of its own: profiling slows the server, so its numbers never
 * mix with the measured ones.
 */
export async function profileServer(options: ProfileOptions): Promise<ProfileResult> {
  const {
    kind,
    bodies,
    connections,
    durationS,
    warmupS,
    warmupEvents,
    maxWarmupS,
    kafka,
    overallRate,
    root,
  } = options
  const dir = await mkdtemp(join(tmpdir(), 'clickstream-bench-profile-'))
  const spoolDir = join(dir, 'spool')
  try {
    const server = await spawnServer(
      { kind, workers: 0, brokers: kafka?.brokers, topic: kafka?.topic, spoolDir },
      { cpuProfileDir: dir }
    )
    let point: PointResult
    try {
      await checkServerAnswers(server, kind, bodies)
      const run = (durationSeconds: number, overallRate?: number) =>
        measurePoint({ server, bodies, connections, durationS: durationSeconds, overallRate })
      const deadline = performance.now() + maxWarmupS * 1000
      let events = 0
      do {
        events += (await run(warmupS)).requests * bodies.eventsPerBatch
      } while (!isBareHono(kind) && events < warmupEvents && performance.now() < deadline)
      point = await run(durationS, overallRate)
    } finally {
      await server.stop()
    }
    // --cpu-prof writes one file per thread, CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile;
    // thread 0 is the main thread (tsx's loader thread writes another).
    const files = (await readdir(dir)).filter(
      (name) => name.includes(`.${server.pid}.0.`) && name.endsWith('.cpuprofile')
    )
    if (files.length === 0) throw new Error(`no main-thread profile of ${server.pid} in ${dir}`)
    return {
      kind,
      point,
      summary: await summarizeCpuProfile(join(dir, files[0]!), root, point.window),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
