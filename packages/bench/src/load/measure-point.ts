import type { BatchBodies } from '../events/batch-body.js'
import { availableParallelism } from 'node:os'
import { machineBusyUs, processCpuUs } from '../system/cpu-time.js'
import { usageDelta, worstLoopDelay, type LoopDelay } from '../servers/protocol.js'
import type { ServerProcess } from '../servers/spawn-server.js'
import { runPacedLoad } from './paced-load.js'
import { runLoad, type LoadResult } from './run-load.js'

/** One load point with the server's side of it. */
export interface PointResult extends LoadResult {
  /** Server CPU (user + system, every thread of the server processes) per answered request, µs. */
  cpuUsPerRequest: number
  cpuUsPerEvent: number
  /** Mean event-loop utilization of the server, 0–1 (near 1: the server is the bottleneck). */
  loopUtilization: number
  /** Events the collector counted as accepted during the point (0 for bare Hono). */
  eventsAccepted: number
  /** Events the collector had to spool because Kafka did not take them in time. */
  eventsSpooled: number
  /** The server's V8 heap in use at the end of the point, MB. */
  heapMb: number
  /** How late the server's event loop ran a 10 ms timer during the point (worst round's). */
  loopDelayMs: LoopDelay
  /** Kafka broker CPU per event, µs, when the broker's process is known. */
  brokerCpuUsPerEvent: number | undefined
  /** CPU of the load generator (autocannon, in the bench process) as a share of all cores. */
  loadGeneratorShare: number
  /** The point's interval on the server's monotonic clock, µs (to cut a CPU profile to it). */
  window: { fromUs: number; toUs: number }
  /**
   * CPU used by processes that are not part of the bench (other people's work on a shared
   * machine) as a share of all cores, from `/proc/stat`; undefined where it is not readable.
   */
  foreignShare: number | undefined
  /** Rounds merged into this point (see {@link combinePoints}). */
  rounds: number
}

/** What {@link measurePoint} runs. */
export interface PointOptions {
  server: ServerProcess
  bodies: BatchBodies
  connections: number
  durationS: number
  overallRate?: number
  /** Process id of the Kafka broker, to measure its CPU too. */
  brokerPid?: number
}

/** Runs one autocannon point and reads the server's CPU and event-loop counters around it. */
export async function measurePoint(options: PointOptions): Promise<PointResult> {
  const { server, bodies, connections, durationS, overallRate, brokerPid } = options
  // Outermost, so the machine's window contains everything measured inside it.
  const machineBefore = machineBusyUs()
  const benchBefore = process.cpuUsage()
  const brokerBefore = processCpuUs(brokerPid)
  const before = await server.usage()
  // A fixed rate is paced evenly (see runPacedLoad); as fast as it goes is autocannon's job.
  const load = overallRate
    ? await runPacedLoad({ url: server.url, bodies, connections, durationS, rate: overallRate })
    : await runLoad({ url: server.url, bodies, connections, durationS })
  const after = await server.usage()
  const brokerAfter = processCpuUs(brokerPid)
  const bench = process.cpuUsage(benchBefore)
  const machineAfter = machineBusyUs()
  const delta = usageDelta(before, after)
  const capacityUs = load.durationS * 1e6 * availableParallelism()
  const benchUs = bench.user + bench.system
  const brokerUs =
    brokerBefore === undefined || brokerAfter === undefined ? undefined : brokerAfter - brokerBefore
  const answered = Math.max(1, load.requests + load.non2xx)
  const events = Math.max(1, load.requests * bodies.eventsPerBatch)
  return {
    ...load,
    window: delta.window,
    cpuUsPerRequest: delta.cpuUs / answered,
    cpuUsPerEvent: delta.cpuUs / events,
    loopUtilization: delta.loopUtilization,
    eventsAccepted: delta.eventsAccepted,
    eventsSpooled: delta.eventsSpooled,
    heapMb: delta.heapUsedBytes / 1024 ** 2,
    loopDelayMs: delta.loopDelayMs,
    brokerCpuUsPerEvent: brokerUs === undefined ? undefined : brokerUs / events,
    loadGeneratorShare: benchUs / capacityUs,
    foreignShare:
      machineBefore === undefined || machineAfter === undefined
        ? undefined
        : Math.max(0, machineAfter - machineBefore - delta.cpuUs - benchUs - (brokerUs ?? 0)) /
          capacityUs,
    rounds: 1,
  }
}

const weighted = (points: PointResult[], value: (point: PointResult) => number | undefined) => {
  let sum = 0
  let weight = 0
  for (const point of points) {
    const v = value(point)
    if (v === undefined) return undefined
    sum += v * point.durationS
    weight += point.durationS
  }
  return weight > 0 ? sum / weight : 0
}

/**
 * Merges the rounds of one point (same server, connections and rate, run alternately with
 * other servers) into one: counts and CPU add up, rates and shares are over the total time;
 * p50 is the mean of the rounds' and p99 the worst of them (autocannon reports percentiles,
 * not histograms that could be merged).
 */
export function combinePoints(points: PointResult[], eventsPerBatch: number): PointResult {
  const first = points[0]!
  if (points.length === 1) return first
  const sum = (value: (point: PointResult) => number) =>
    points.reduce((total, point) => total + value(point), 0)
  const answered = (point: PointResult) => Math.max(1, point.requests + point.non2xx)
  const events = (point: PointResult) => Math.max(1, point.requests * eventsPerBatch)
  const durationS = sum((point) => point.durationS)
  const requests = sum((point) => point.requests)
  const cpuUs = sum((point) => point.cpuUsPerRequest * answered(point))
  const brokerUs = points.every((point) => point.brokerCpuUsPerEvent !== undefined)
    ? sum((point) => point.brokerCpuUsPerEvent! * events(point))
    : undefined
  const statusCodes: Record<string, number> = {}
  for (const point of points) {
    for (const [code, count] of Object.entries(point.statusCodes)) {
      statusCodes[code] = (statusCodes[code] ?? 0) + count
    }
  }
  return {
    connections: first.connections,
    overallRate: first.overallRate,
    durationS,
    requests,
    non2xx: sum((point) => point.non2xx),
    errors: sum((point) => point.errors),
    requestsPerS: requests / durationS,
    eventsPerS: (requests * eventsPerBatch) / durationS,
    p50Ms: sum((point) => point.p50Ms) / points.length,
    p99Ms: Math.max(...points.map((point) => point.p99Ms)),
    ...(points.every((point) => point.lateP99Ms !== undefined) && {
      lateP99Ms: Math.max(...points.map((point) => point.lateP99Ms!)),
    }),
    meanMs: requests > 0 ? sum((point) => point.meanMs * point.requests) / requests : 0,
    maxMs: Math.max(...points.map((point) => point.maxMs)),
    statusCodes,
    cpuUsPerRequest: cpuUs / sum(answered),
    cpuUsPerEvent: cpuUs / sum(events),
    loopUtilization: weighted(points, (point) => point.loopUtilization)!,
    eventsAccepted: sum((point) => point.eventsAccepted),
    eventsSpooled: sum((point) => point.eventsSpooled),
    heapMb: Math.max(...points.map((point) => point.heapMb)),
    loopDelayMs: worstLoopDelay(points.map((point) => point.loopDelayMs)),
    brokerCpuUsPerEvent: brokerUs === undefined ? undefined : brokerUs / sum(events),
    loadGeneratorShare: weighted(points, (point) => point.loadGeneratorShare)!,
    window: { fromUs: first.window.fromUs, toUs: points[points.length - 1]!.window.toUs },
    foreignShare: weighted(points, (point) => point.foreignShare),
    rounds: sum((point) => point.rounds),
  }
}
