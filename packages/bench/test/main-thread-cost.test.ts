import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromiumCdp, type ChromiumCdp } from '@clickstream/chromium-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { measureMainThreadCost } from '../src/browser/main-thread-cost.js'
import { startPageServer, type PageServer } from '../src/browser/page-server.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('the SDK main-thread benchmark (a few clicks, one round)', () => {
  let browser: ChromiumCdp
  let pages: PageServer

  beforeAll(async () => {
    pages = await startPageServer(join(root, 'sdk/dist/clickstream.iife.js'))
    browser = await launchChromiumCdp()
  })

  afterAll(async () => {
    await browser?.close()
    await pages?.close()
  })

  it('measures the tag and the reference tag against the page without a tag', async () => {
    const cost = await measureMainThreadCost({
      browser,
      pages,
      clicks: 4,
      dispatchedClicks: 12,
      rounds: 1,
      warmUpClicks: 2,
    })

    // Every click reached the stand-in collector from both tags, as one event each.
    expect(cost.withTag).toHaveLength(1)
    expect(cost.withReference).toHaveLength(1)
    expect(cost.withoutTag).toHaveLength(1)
    for (const [mode, clicks] of [
      ['real', 4],
      ['dispatched', 12],
    ] as const) {
      expect(cost[mode].events, `the tag's ${mode} clicks`).toBe(clicks)
      expect(cost.reference[mode].events, `the reference tag's ${mode} clicks`).toBe(clicks)
      expect(cost.withoutTag[0]![mode].events, 'nothing sent without a tag').toBe(0)
      for (const load of [cost.withTag[0]!, cost.withReference[0]!, cost.withoutTag[0]!]) {
        expect(load[mode].scriptMs).toBeGreaterThan(0)
      }
      // The ratio is the two tags' per-event script time over the same page without a tag.
      const perEvent = (load: (typeof cost.withTag)[0]) =>
        (load[mode].scriptMs - cost.withoutTag[0]![mode].scriptMs) / clicks
      expect(cost.ratio[mode].median).toBeCloseTo(
        perEvent(cost.withTag[0]!) / perEvent(cost.withReference[0]!),
        6
      )
    }
  })
})
