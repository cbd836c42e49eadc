import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import type { ChromiumCdp } from '@clickstream/chromium-local'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { timedSamples, type CpuProfile } from '../profile/cpu-profile.js'
import { DISPATCH, FLUSH, openBenchPage } from './main-thread-cost.js'
import { TAG_PATHS, type PageServer } from './page-server.js'

/** How {@link profileSdkClicks} runs. */
export interface SdkProfileOptions {
  browser: ChromiumCdp
  pages: PageServer
  /** The tag's source map, `sdk/dist/clickstream.iife.js.map`. */
  sourceMap: string
  /** The repository: source files are named relative to it. */
  root: string
  /** Page-dispatched clicks profiled. */
  clicks: number
  /**
   * Unprofiled dispatched clicks first, then a flush: the tag's code is compiled and optimized.
   * @defaultValue `500`
   */
  warmUpClicks?: number
  /**
   * The profiler's sampling interval, µs. Each sample costs the page time too: the profile's
   * figures run above the unprofiled ones.
   * @defaultValue `50`
   */
  intervalUs?: number
}

/** Sampled time of one source file of the SDK. */
export interface SourceTime {
  /**
   * Relative to the repository, e.g. `sdk/src/capture/element.ts`; `(unmapped)` for code the
   * source map does not cover.
   */
  file: string
  usPerClick: number
  /** Share of {@link SdkProfile.sdkUsPerClick}, 0–1. */
  share: number
}

/** Where the SDK's main-thread time per dispatched click goes, by source file. */
export interface SdkProfile {
  clicks: number
  warmUpClicks: number
  intervalUs: number
  /** Sampled time with the tag's code on the stack, per click. */
  sdkUsPerClick: number
  /** All sampled busy (non-idle) time of the page's main thread, per click. */
  busyUsPerClick: number
  files: SourceTime[]
}

/** V8's entries for busy time outside any script: leaves under the root, never the SDK's. */
const NOT_CODE = new Set(['(program)', '(garbage collector)', '(root)'])

/**
 * Sums a CPU profile's samples by the source file of the innermost frame of the tag's code on
 * the stack: a browser function the SDK calls (`fetch`, `closest`, `JSON.stringify`) counts for
 * the SDK file that called it. `sourceOf` maps a frame of the tag (0-based line and column, as
 * the profile gives them) to its source file. Samples without a frame of the tag count as busy
 * only; `(idle)` counts for nothing.
 */
export function attributeSamples(
  profile: CpuProfile,
  isTag: (url: string) => boolean,
  sourceOf: (line: number, column: number) => string
): { byFile: Map<string, number>; sdkUs: number; busyUs: number } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  /** The innermost frame of the tag's code on each node's stack, as a source file. */
  const fileOfNode = new Map<number, string | undefined>()
  const fileOf = (id: number): string | undefined => {
    if (fileOfNode.has(id)) return fileOfNode.get(id)
    const { callFrame } = nodes.get(id)!
    const up = parent.get(id)
    const file = isTag(callFrame.url)
      ? sourceOf(callFrame.lineNumber, callFrame.columnNumber)
      : up === undefined
        ? undefined
        : fileOf(up)
    fileOfNode.set(id, file)
    return file
  }
  const byFile = new Map<string, number>()
  let sdkUs = 0
  let busyUs = 0
  for (const { node, us } of timedSamples(profile)) {
    const name = nodes.get(node)?.callFrame.functionName
    if (name === undefined || name === '(idle)') continue
    busyUs += us
    const file = NOT_CODE.has(name) ? undefined : fileOf(node)
    if (file === undefined) continue
    sdkUs += us
    byFile.set(file, (byFile.get(file) ?? 0) + us)
  }
  return { byFile, sdkUs, busyUs }
}

/**
 * Profiles the page with the tag (its minified build, as sites load it) over page-dispatched
 * clicks, sending included, with the DevTools CPU profiler, and maps the tag's frames back to
 * the SDK's source files with the build's source map.
 */
export async function profileSdkClicks(options: SdkProfileOptions): Promise<SdkProfile> {
  const { browser, pages, clicks } = options
  const intervalUs = options.intervalUs ?? 50
  const warmUpClicks = options.warmUpClicks ?? 500
  const map = new TraceMap(await readFile(options.sourceMap, 'utf8'))
  const mapDir = dirname(options.sourceMap)
  const sourceOf = (line: number, column: number) => {
    const { source } = originalPositionFor(map, { line: line + 1, column })
    return source === null ? '(unmapped)' : relative(options.root, join(mapDir, source))
  }
  const tagUrl = new URL(TAG_PATHS.clickstream, pages.url).href
  const page = await openBenchPage(browser, pages, 'clickstream')
  try {
    await page.evaluate(`(${DISPATCH})(${warmUpClicks})`)
    await page.evaluate(FLUSH)
    await page.send('Profiler.enable')
    await page.send('Profiler.setSamplingInterval', { interval: intervalUs })
    await page.send('Profiler.start')
    await page.evaluate(`(${DISPATCH})(${clicks})`)
    await page.evaluate(FLUSH)
    const { profile } = await page.send<{ profile: CpuProfile }>('Profiler.stop')
    const { byFile, sdkUs, busyUs } = attributeSamples(profile, (u) => u === tagUrl, sourceOf)
    return {
      clicks,
      warmUpClicks,
      intervalUs,
      sdkUsPerClick: sdkUs / clicks,
      busyUsPerClick: busyUs / clicks,
      files: [...byFile]
        .map(([file, us]) => ({ file, usPerClick: us / clicks, share: us / sdkUs }))
        .sort((a, b) => b.usPerClick - a.usPerClick),
    }
  } finally {
    await page.close()
  }
}
