import type { ChromiumCdp } from '@clickstream/chromium-local'
import { EVENT_TYPES, ROUTES } from '@clickstream/schema'
import { median } from '../system/stats.js'
import { buttonCenters } from './button-centers.js'
import { openCdpPage } from './cdp-page.js'
import { BUTTONS, FETCH_MS, type PageServer } from './page-server.js'

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
   * Rounds: a load of the page with the tag and one without in each, the order alternating
   * between rounds; medians and ranges are over rounds.
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
  withTag: LoadResult[]
  withoutTag: LoadResult[]
}

const spread = (values: number[]): Spread => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
})

// Strings evaluated in the page: the bench compiles without the DOM library.
/** The tag's `flush` (a no-op without the tag): resolves once the send has been answered. */
const FLUSH = `window.clickstream?.('flush')`
/**
 * Clicks the page's buttons with `HTMLElement.click()`, each in a task of its own (a message
 * channel's, which no timer clamping slows down), as input would: each click's microtasks and
 * mutation observers run after it, as they do after a real click.
 */
const DISPATCH = `async (count) => {
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

async function loadPage(options: MainThreadCostOptions, withTag: boolean): Promise<LoadResult> {
  const { browser, pages, clicks } = options
  const dispatchedClicks = options.dispatchedClicks ?? clicks * 5
  const warmUpClicks = options.warmUpClicks ?? 20
  const pageViews = pages.received(EVENT_TYPES.pageView)
  const page = await openCdpPage(
    browser,
    withTag ? pages.pageUrl({ endpoint: `${pages.url}${ROUTES.events}` }) : pages.pageUrl()
  )
  try {
    // The load's page view has been sent: the SDK is up before the first click.
    if (withTag) await pages.waitForEvents(EVENT_TYPES.pageView, pageViews + 1)
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

function modeCost(
  mode: ClickMode,
  clicks: number,
  withTag: LoadResult[],
  withoutTag: LoadResult[]
): ModeCost {
  const tagged = withTag.map((load) => load[mode])
  const bare = withoutTag.map((load) => load[mode])
  /** Per round: (with the tag − without) / events, µs; `less` is taken from the tag's side. */
  const perEvent = (key: 'scriptMs' | 'taskMs', less = (_: LoadMetrics) => 0) =>
    spread(
      tagged.map(
        (load, round) => ((load[key] - less(load) - bare[round]![key]) * 1000) / load.events
      )
    )
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
 * and the same click handler) is loaded with and without the tag and takes the same clicks,
 * real ones and page-dispatched ones; CDP `Performance.getMetrics` in thread ticks is read
 * around them, and the difference between the pages is divided by the events the stand-in
 * collector received from the page with the tag. Each round loads both pages, in alternating
 * order. The page times its `fetch` calls, which tells the browser's share of the requests.
 */
export async function measureMainThreadCost(
  options: MainThreadCostOptions
): Promise<MainThreadCost> {
  const withTag: LoadResult[] = []
  const withoutTag: LoadResult[] = []
  for (let round = 0; round < options.rounds; round++) {
    // Neither page always runs first, on a browser that has just done less or more.
    for (const tag of round % 2 ? [true, false] : [false, true]) {
      ;(tag ? withTag : withoutTag).push(await loadPage(options, tag))
    }
  }
  const { clicks } = options
  return {
    rounds: options.rounds,
    warmUpClicks: options.warmUpClicks ?? 20,
    real: modeCost('real', clicks, withTag, withoutTag),
    dispatched: modeCost('dispatched', options.dispatchedClicks ?? clicks * 5, withTag, withoutTag),
    withTag,
    withoutTag,
  }
}
