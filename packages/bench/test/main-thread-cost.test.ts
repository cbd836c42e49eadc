import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromiumCdp, type ChromiumCdp } from '@clickstream/chromium-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { measureMainThreadCost } from '../src/browser/main-thread-cost.js'
import { startPageServer, type PageServer } from '../src/browser/page-server.js'
import { profileSdkClicks } from '../src/browser/sdk-profile.js'
import { sdkProfileLines } from '../src/report/render-report.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('the SDK main-thread benchmark (a few clicks, one round)', () => {
  const tagFile = join(root, 'sdk/dist/clickstream.iife.js')
  let browser: ChromiumCdp
  let pages: PageServer

  beforeAll(async () => {
    pages = await startPageServer(tagFile)
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

  it("profiles the tag's dispatched clicks by the SDK's source files", async () => {
    const profile = await profileSdkClicks({
      browser,
      pages,
      sourceMap: `${tagFile}.map`,
      root,
      clicks: 400,
      warmUpClicks: 20,
      intervalUs: 20,
    })

    const files = profile.files.map(({ file }) => file)
    // The click listener ran for every click, and the 400 events took at least eight requests.
    expect(files).toContain('sdk/src/capture/clicks.ts')
    expect(files).toContain('sdk/src/delivery/transport.ts')
    expect(files.every((file) => file.startsWith('sdk/src/') || file === '(unmapped)')).toBe(true)
    const sum = profile.files.reduce((total, { usPerClick }) => total + usPerClick, 0)
    expect(sum).toBeCloseTo(profile.sdkUsPerClick, 6)
    expect(profile.files.reduce((total, { share }) => total + share, 0)).toBeCloseTo(1, 6)
    expect(profile.sdkUsPerClick).toBeGreaterThan(0)
    expect(profile.sdkUsPerClick).toBeLessThan(profile.busyUsPerClick)

    // BENCHMARKS.md names each file with what it does, and the interval.
    const report = sdkProfileLines(profile, undefined).join('\n')
    expect(report).toContain('sampling every 20 µs')
    expect(report).toMatch(
      /\| `sdk\/src\/capture\/clicks.ts` \| the click listener: target, declared action \| \d+\.\d\d \| \d+\.\d % \|/
    )
  })
})
