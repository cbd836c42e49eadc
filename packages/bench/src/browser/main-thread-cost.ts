import { EVENT_TYPES, ROUTES } from '@clickstream/schema'
import type { Browser } from 'playwright-core'
import { buttonCenters } from './button-centers.js'
import type { PageServer } from './page-server.js'

/** How {@link measureMainThreadCost} runs. */
export interface MainThreadCostOptions {
  browser: Browser
  pages: PageServer
  /** Real clicks per page load. */
  clicks: number
  /** Page loads per variant (with and without the tag), alternated; the median is reported. */
  rounds: number
}

/** Main-thread time of one page load and its clicks, from CDP `Performance.getMetrics`. */
interface RoundMetrics {
  scriptMs: number
  taskMs: number
}

/** The SDK's main-thread cost per captured click, with the raw per-round numbers. */
export interface MainThreadCost {
  clicks: number
  rounds: number
  /** Median over rounds of (script time with the tag − without) / clicks, in µs. */
  scriptUsPerEvent: number
  /**
   * Median main-thread task time (input handling, style, layout, paint, script) of a round with
   * and without the tag, in ms: the browser's own work per click is far larger and noisier than
   * the SDK's, so no per-event difference of it is reported.
   */
  taskMs: { withTag: number; withoutTag: number }
  withTag: RoundMetrics[]
  withoutTag: RoundMetrics[]
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

async function clickRound(options: MainThreadCostOptions, withTag: boolean): Promise<RoundMetrics> {
  const { browser, pages, clicks } = options
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    const pageViews = pages.received(EVENT_TYPES.pageView)
    const clicksBefore = pages.received(EVENT_TYPES.click)
    await page.goto(
      withTag ? pages.pageUrl({ endpoint: `${pages.url}${ROUTES.events}` }) : pages.pageUrl()
    )
    // The load's page view has been sent: the SDK is up before the first measured click.
    if (withTag) await pages.waitForEvents(EVENT_TYPES.pageView, pageViews + 1)
    const centers = await buttonCenters(page)
    const read = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics')
      const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0
      // Both are cumulative seconds of main-thread time.
      return { scriptMs: value('ScriptDuration') * 1000, taskMs: value('TaskDuration') * 1000 }
    }
    const start = await read()
    for (let index = 0; index < clicks; index++) {
      const { x, y } = centers[index % centers.length]!
      await page.mouse.click(x, y)
    }
    // Every click has been sent (default batching: the last partial batch would wait for the
    // flush interval), so the cost of sending is in the numbers too.
    if (withTag) await pages.waitForEvents(EVENT_TYPES.click, clicksBefore + clicks, 30_000)
    const end = await read()
    return { scriptMs: end.scriptMs - start.scriptMs, taskMs: end.taskMs - start.taskMs }
  } finally {
    await context.close()
  }
}

/**
 * Clicks real buttons with `page.mouse` (input events through Chromium's input pipeline) on the
 * same page with and without the tag, and reads the main-thread script and task time around
 * the clicks: the difference per click is what the SDK costs the page per captured event.
 */
export async function measureMainThreadCost(
  options: MainThreadCostOptions
): Promise<MainThreadCost> {
  const withTag: RoundMetrics[] = []
  const withoutTag: RoundMetrics[] = []
  for (let round = 0; round < options.rounds; round++) {
    withoutTag.push(await clickRound(options, false))
    withTag.push(await clickRound(options, true))
  }
  const scriptDifferences = withTag.map(
    (metrics, index) => metrics.scriptMs - withoutTag[index]!.scriptMs
  )
  return {
    clicks: options.clicks,
    rounds: options.rounds,
    scriptUsPerEvent: median(scriptDifferences) * (1000 / options.clicks),
    taskMs: {
      withTag: median(withTag.map((metrics) => metrics.taskMs)),
      withoutTag: median(withoutTag.map((metrics) => metrics.taskMs)),
    },
    withTag,
    withoutTag,
  }
}
