import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { relative } from 'node:path'

/** The parts of a V8 `.cpuprofile` (Chrome DevTools Profiler.Profile) that self time needs. */
export interface CpuProfile {
  /** Microseconds on V8's monotonic clock (CLOCK_MONOTONIC on Linux, like `process.hrtime`). */
  startTime: number
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    children?: number[]
  }[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time of one function, summed over every place it was sampled. */
export interface SelfTime {
  functionName: string
  /** Where it is: a path relative to the repository, `node:…`, or empty for V8's own entries. */
  location: string
  /** What owns the code: a package name, `collector`, `node`, or V8's `(garbage collector)` etc. */
  owner: string
  selfMs: number
  /** Share of the busy (non-idle) samples, 0–1. */
  share: number
}

/** A profile's busy time, its top functions by self time, and self time per owner. */
export interface ProfileSummary {
  /** Whether only the samples of the measured window were summed (else the whole process life). */
  windowed: boolean
  busyMs: number
  idleMs: number
  top: SelfTime[]
  byOwner: { owner: string; selfMs: number; share: number }[]
}

function pathOf(url: string, root: string): string {
  return url.startsWith('file:') ? relative(root, fileURLToPath(url)) : url
}

function ownerOf(url: string, functionName: string, root: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  if (url.startsWith('node:')) return 'node'
  const path = pathOf(url, root)
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)
  if (inModules) return inModules[1]!
  // A workspace package: `collector/dist/…` → collector, `packages/schema/dist/…` → packages/schema.
  const workspace = /^((?:packages\/)?[^/]+)\//.exec(path)
  return workspace?.[1] ?? path
}

function locationOf(url: string, line: number, root: string): string {
  return url === '' ? '' : `${pathOf(url, root)}:${line + 1}`
}

/** A profile's samples at their times, each with the time until the next one. */
export function timedSamples(profile: CpuProfile): { node: number; at: number; us: number }[] {
  const samples: { node: number; at: number; us: number }[] = []
  let at = profile.startTime
  for (let index = 0; index < profile.samples.length; index++) {
    // timeDeltas[i] is the time from the previous sample to sample i.
    at += profile.timeDeltas[index] ?? 0
    const us = Math.max(0, profile.timeDeltas[index + 1] ?? 0)
    samples.push({ node: profile.samples[index]!, at, us })
  }
  return samples
}

/**
 * Reads a `.cpuprofile` written by `node --cpu-prof` and sums self time per function (sample
 * count × interval). With a `window` (monotonic µs, as `process.hrtime` gives them) only its
 * samples count, so start-up and module loading stay out; when the window holds almost no
 * samples (a clock mismatch), the whole profile is used and `windowed` says so. `(idle)` is
 * left out of the shares: they are of the time the process was busy.
 */
export async function summarizeCpuProfile(
  file: string,
  root: string,
  window?: { fromUs: number; toUs: number },
  top = 20
): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const selfByKey = new Map<
    string,
    { frame: CpuProfile['nodes'][number]['callFrame']; us: number }
  >()
  const all = timedSamples(profile)
  const inWindow = window ? all.filter(({ at }) => at >= window.fromUs && at <= window.toUs) : []
  const covered = inWindow.reduce((sum, sample) => sum + sample.us, 0)
  const windowed = window !== undefined && covered > 0.5 * (window.toUs - window.fromUs)
  for (const sample of windowed ? inWindow : all) {
    const frame = byNode.get(sample.node)
    if (!frame) continue
    const us = sample.us
    const key = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}`
    const entry = selfByKey.get(key)
    if (entry) entry.us += us
    else selfByKey.set(key, { frame, us })
  }
  let idleUs = 0
  let busyUs = 0
  const functions: Omit<SelfTime, 'share'>[] = []
  for (const { frame, us } of selfByKey.values()) {
    if (frame.functionName === '(idle)') {
      idleUs += us
      continue
    }
    busyUs += us
    functions.push({
      functionName: frame.functionName || '(anonymous)',
      location: locationOf(frame.url, frame.lineNumber, root),
      owner: ownerOf(frame.url, frame.functionName, root),
      selfMs: us / 1000,
    })
  }
  const share = (ms: number) => (busyUs > 0 ? (ms * 1000) / busyUs : 0)
  const owners = new Map<string, number>()
  for (const { owner, selfMs } of functions) owners.set(owner, (owners.get(owner) ?? 0) + selfMs)
  return {
    windowed,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    top: functions
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((entry) => ({ ...entry, share: share(entry.selfMs) })),
    byOwner: [...owners]
      .map(([owner, selfMs]) => ({ owner, selfMs, share: share(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs),
  }
}
