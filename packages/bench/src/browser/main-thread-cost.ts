import type { ChromiumCdp } from '@clickstream/chromium-local'
import { EVENT_TYPES, ROUTES } from '@clickstream/schema'
import { median } from '../system/stats.js'
import { buttonCenters } from './button-centers.js'
import { openCdpPage, type CdpPage } from './cdp-page.js'
import { BUTTONS, FETCH_MS, type PageServer, type TagKind } from './page-server.js'

/**
 * The two kinds of clicks measured:
 * - `real`: CDP `Input.dispatchMouseEvent` (move, press, release), as Playwright's `page.mouse`
 *   sends it: Chromium's input pipeline, hit testing, pointer, mouse, focus and click events, and
 *   a rendering update after each click;
 * - `dispatched`: `HTMLElement.click()` called by the page, one click per task, back to back:
 *   only the click event, no input and no rendering in between.
 */
export type ClickMode = 'real' | 'dispatched'

/** How {@link measureMainThreadCost} runs. */
export interface MainThreadCostOptions {
  /** Chromium without Playwright, whose network agent adds 0.5–1 ms to every request of the page. */
  browser: ChromiumCdp
  pages: PageServer
  /** Real clicks per page load. */
  clicks: number
  /**
   * Page-dispatched clicks per page load.
   * @defaultValue five times `clicks`
   */
  dispatchedClicks?: number
  /**
   * Rounds: a load of the page with the tag, one with the reference tag and one without in
   * each, the order rotating between rounds; medians and ranges are over rounds.
   */
  rounds: number
  /**
   * Unmeasured real clicks at the start of each load (both pages), then a flush: the tag's code
   * has run and sent once before the measured clicks.
   * @defaultValue `20`
   */
  warmUpClicks?: number
}

/** Main-thread time of one kind of work on one page load, and what reached the stand-in. */
export interface LoadMetrics {
  /** `ScriptDuration` difference, ms of main-thread CPU time (thread ticks). */
  scriptMs: number
  /** `TaskDuration` difference: all main-thread work (input, style, layout, paint, script). */
  taskMs: number
  /** Events the stand-in collector received from the page meanwhile (0 without the tag). */
  events: number
  /** Requests it received meanwhile. */
  requests: number
  /** Wall time spent in the page's `fetch` calls meanwhile (the tag's requests), ms. */
  fetchMs: number
}

/** One page load. */
export type LoadResult = Record<ClickMode, LoadMetrics>

/** The median over rounds and the range of a per-round value. */
export interface Spread {
  median: number
  min: number
  max: number
}

/** The SDK's cost for one kind of click. */
export interface ModeCost {
  /** Clicks per load. */
  clicks: number
  /** Median events and requests the stand-in received per load of the page with the tag. */
  events: number
  requests: number
  /** (script time with the tag − without) / events received, per round, µs. */
  scriptUsPerEvent: Spread
  /** (task time with the tag − without) / events received, per round, µs. */
  taskUsPerEvent: Spread
  /** Time in the tag's `fetch` calls per event, µs: the browser's side of each request. */
  fetchUsPerEvent: Spread
  /** {@link taskUsPerEvent} less the time in `fetch` calls, per round. */
  taskUsPerEventBesidesFetch: Spread
  /** Median script time per click of each page, µs. */
  scriptUsPerClick: { withTag: number; withoutTag: number }
  /** Median main-thread task time per click of each page, µs. */
  taskUsPerClick: { withTag: number; withoutTag: number }
}

/** The SDK's main-thread cost per captured event, with the raw per-round numbers. */
export interface MainThreadCost {
  rounds: number
  warmUpClicks: number
  real: ModeCost
  dispatched: ModeCost
  /** The reference tag's cost (`reference-tag.ts`), measured the same way. */
  reference: Record<ClickMode, ModeCost>
  /** Per round: the SDK's script time per event / the reference tag's. */
  ratio: Record<ClickMode, Spread>
  withTag: LoadResult[]
  withReference: LoadResult[]
  withoutTag: LoadResult[]
}

const spread = (values: number[]): Spread => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
})

// Strings evaluated in the page: the bench compiles without the DOM library.
/** The tag's `flush` (a no-op without the tag): resolves once the send has been answered. */
export const FLUSH = `window.clickstream?.('flush')`
/**
 * Clicks the page's buttons with `HTMLElement.click()`, each in a task of its own (a message
 * channel's, which no timer clamping slows down), as input would: each click's microtasks and
 * mutation observers run after it, as they do after a real click.
 */
export const DISPATCH = `async (count) => {
  const buttons = document.querySelectorAll('main button')
  const channel = new MessageChannel()
  for (let index = 0; index < count; index++) {
    await new Promise((resolve) => {
      channel.port1.onmessage = resolve
      channel.port2.postMessage(0)
    })
    buttons[index % buttons.length].click()
  }
}`

/**
 * Opens the bench page with `tag`, or without a tag. With one, it resolves once the load's page
 * view has reached the stand-in collector: the tag is up before the first click.
 */
export async function openBenchPage(
  browser: ChromiumCdp,
  pages: PageServer,
  tag: TagKind | undefined
): Promise<CdpPage> {
  const pageViews = pages.received(EVENT_TYPES.pageView)
  const page = await openCdpPage(
    browser,
    tag ? pages.pageUrl({ endpoint: `${pages.url}${ROUTES.events}`, tag }) : pages.pageUrl()
  )
  try {
    if (tag) await pages.waitForEvents(EVENT_TYPES.pageView, pageViews + 1)
    return page
  } catch (error) {
    await page.close()
    throw error
  }
}

/** Loads the page with `tag`, or without a tag, and measures its clicks. */
async function loadPage(
  options: MainThreadCostOptions,
  tag: TagKind | undefined
): Promise<LoadResult> {
  const { browser, pages, clicks } = options
  const dispatchedClicks = options.dispatchedClicks ?? clicks * 5
  const warmUpClicks = options.warmUpClicks ?? 20
  const withTag = tag !== undefined
  const page = await openBenchPage(browser, pages, tag)
  try {
    const centers = await buttonCenters(page.evaluate)
    let next = 0
    // Consecutive buttons are 60 px apart: no rage clicks; each updates the cart: no dead ones.
    const realClicks = async (count: number) => {
      for (let index = 0; index < count; index++) {
        const { x, y } = centers[next++ % BUTTONS]!
        await page.click(x, y)
      }
    }
    /** Main-thread CPU time so far (thread ticks: what other work takes from it is not in). */
    const readMetrics = async () => {
      const metrics = await page.metrics()
      return { scriptMs: metrics.ScriptDuration! * 1000, taskMs: metrics.TaskDuration! * 1000 }
    }
    let clicked = pages.received(EVENT_TYPES.click)
    /** Sends what the tag queued, until the stand-in has every click of the load. */
    const settle = async () => {
      const deadline = Date.now() + 30_000
      do {
        await page.evaluate(FLUSH)
        if (Date.now() > deadline)
          throw new Error(`${pages.received(EVENT_TYPES.click)} of ${clicked} clicks arrived`)
      } while (withTag && pages.received(EVENT_TYPES.click) < clicked)
    }
    const fetchMs = async () => (await page.evaluate(`window.${FETCH_MS}`)) as number
    const measure = async (work: () => Promise<unknown>, count: number): Promise<LoadMetrics> => {
      const events = pages.received()
      const requests = pages.requests()
      const fetched = await fetchMs()
      const start = await readMetrics()
      await work()
      clicked += count
      // Every event has been sent and answered: sending is in the numbers too.
      await settle()
      const end = await readMetrics()
      return {
        scriptMs: end.scriptMs - start.scriptMs,
        taskMs: end.taskMs - start.taskMs,
        events: pages.received() - events,
        requests: pages.requests() - requests,
        fetchMs: (await fetchMs()) - fetched,
      }
    }

    await realClicks(warmUpClicks)
    clicked += warmUpClicks
    await settle()
    return {
      real: await measure(() => realClicks(clicks), clicks),
      dispatched: await measure(
        () => page.evaluate(`(${DISPATCH})(${dispatchedClicks})`),
        dispatchedClicks
      ),
    }
  } finally {
    await page.close()
  }
}

/** One round's (with the tag − without) / events, µs; `less` ms is taken from the tag's side. */
const usPerEvent = (
  tagged: LoadMetrics,
  bare: LoadMetrics,
  key: 'scriptMs' | 'taskMs',
  less = 0
): number => ((tagged[key] - less - bare[key]) * 1000) / tagged.events

function modeCost(
  mode: ClickMode,
  clicks: number,
  withTag: LoadResult[],
  withoutTag: LoadResult[]
): ModeCost {
  const tagged = withTag.map((load) => load[mode])
  const bare = withoutTag.map((load) => load[mode])
  /** Per round; `less` is taken from the tag's side. */
  const perEvent = (key: 'scriptMs' | 'taskMs', less = (_: LoadMetrics) => 0) =>
    spread(tagged.map((load, round) => usPerEvent(load, bare[round]!, key, less(load))))
  const perClick = (loads: LoadMetrics[], key: 'scriptMs' | 'taskMs') =>
    median(loads.map((load) => (load[key] * 1000) / clicks))
  return {
    clicks,
    events: median(tagged.map((load) => load.events)),
    requests: median(tagged.map((load) => load.requests)),
    scriptUsPerEvent: perEvent('scriptMs'),
    taskUsPerEvent: perEvent('taskMs'),
    fetchUsPerEvent: spread(tagged.map((load) => (load.fetchMs * 1000) / load.events)),
    taskUsPerEventBesidesFetch: perEvent('taskMs', (load) => load.fetchMs),
    scriptUsPerClick: {
      withTag: perClick(tagged, 'scriptMs'),
      withoutTag: perClick(bare, 'scriptMs'),
    },
    taskUsPerClick: { withTag: perClick(tagged, 'taskMs'), withoutTag: perClick(bare, 'taskMs') },
  }
}

/**
 * The SDK's main-thread cost per captured event in Chromium. The same page (the same buttons
 * and the same click handler) is loaded with the tag, with the reference tag and without a tag
 * and takes the same clicks, real ones and page-dispatched ones; CDP `Performance.getMetrics`
 * in thread ticks is read around them, and the difference between a page with a tag and the
 * page without is divided by the events the stand-in collector received from it. Each round
 * loads the three pages, the order rotating. The page times its `fetch` calls, which tells the
 * browser's share of the requests.
 */
export async function measureMainThreadCost(
  options: MainThreadCostOptions
): Promise<MainThreadCost> {
  const loads = {
    clickstream: [] as LoadResult[],
    reference: [] as LoadResult[],
    none: [] as LoadResult[],
  }
  const order = ['none', 'clickstream', 'reference'] as const
  for (let round = 0; round < options.rounds; round++) {
    // No page always runs first, on a browser that has just done less or more.
    for (let index = 0; index < order.length; index++) {
      const kind = order[(round + index) % order.length]!
      loads[kind].push(await loadPage(options, kind === 'none' ? undefined : kind))
    }
  }
  const clicks = {
    real: options.clicks,
    dispatched: options.dispatchedClicks ?? options.clicks * 5,
  }
  const costs = (tagged: LoadResult[]) => ({
    real: modeCost('real', clicks.real, tagged, loads.none),
    dispatched: modeCost('dispatched', clicks.dispatched, tagged, loads.none),
  })
  const ours = costs(loads.clickstream)
  const reference = costs(loads.reference)
  /** Per round, the SDK's script per event over the reference tag's. */
  const ratio = (mode: ClickMode) => {
    const perEvent = (load: LoadResult, round: number) =>
      usPerEvent(load[mode], loads.none[round]![mode], 'scriptMs')
    return spread(
      loads.clickstream.map(
        (load, round) => perEvent(load, round) / perEvent(loads.reference[round]!, round)
      )
    )
  }
  return {
    rounds: options.rounds,
    warmUpClicks: options.warmUpClicks ?? 20,
    ...ours,
    reference,
    ratio: { real: ratio('real'), dispatched: ratio('dispatched') },
    withTag: loads.clickstream,
    withReference: loads.reference,
    withoutTag: loads.none,
  }
}
