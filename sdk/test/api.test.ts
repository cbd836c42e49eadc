/**
 * The public API in real Chromium, through the script tag's queue and the ESM build alike:
 * calls made before the SDK loaded, identify and reset, sessions across page loads and tabs,
 * debug, and an SDK that is misconfigured or cannot reach its collector, which never throws.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateEvent, type CloudEvent } from '@clickstream/schema'
import { BUILDS, call, createHarness, ofType, waitForSdk } from './harness.js'

const h = createHarness()
beforeAll(h.start)
afterAll(h.stop)
beforeEach(h.reset)

const actions = () =>
  ofType(h.collector.events(), 'clickstream.action').map((e) => ({
    name: (e.data as { name: string }).name,
    userid: e.userid,
    anonymousid: e.anonymousid,
    sessionid: e.sessionid,
  }))

const seqs = (events: CloudEvent[]) => events.map((e) => Number(e.seq))

/** Records page errors and unhandled rejections, from before the SDK loads. */
const WATCH = `window.problems = []
  addEventListener('error', (e) => problems.push(String(e.message)))
  addEventListener('unhandledrejection', (e) => problems.push(String(e.reason)))`

for (const build of BUILDS) {
  describe(`the API, ${build} build`, () => {
    it('runs calls made before it loaded, then every method, and identify and reset', async () => {
      const { page, errors } = await h.open(await h.context(), {
        build,
        before: `clickstream('track', 'early', { n: 1, nested: { no: true } })
          clickstream('identify', 'user-1', { plan: 'pro', list: [1] })`,
      })
      await call(page, 'page')
      await call(page, 'track', 'later', { price: 12.5, ok: true, none: null })
      expect(await call(page, 'flush')).toBeUndefined()
      await call(page, 'reset')
      await call(page, 'track', 'after_reset')
      await call(page, 'flush')
      await h.collector.until(() => expect(actions()).toHaveLength(3))
      const [early, later, afterReset] = actions()
      expect(early).toMatchObject({ name: 'early', userid: undefined })
      expect(later).toMatchObject({
        name: 'later',
        userid: 'user-1',
        anonymousid: early!.anonymousid,
      })
      expect(afterReset!.userid).toBeUndefined()
      expect(afterReset!.anonymousid).not.toBe(early!.anonymousid)
      expect(afterReset!.sessionid).not.toBe(early!.sessionid)
      const [identify] = ofType(h.collector.events(), 'clickstream.identify')
      expect(identify).toMatchObject({
        userid: 'user-1',
        data: { userId: 'user-1', traits: { plan: 'pro' } },
      })
      expect(ofType(h.collector.events(), 'clickstream.action')[0]!.data).toEqual({
        name: 'early',
        properties: { n: 1 },
      })
      const beforeReset = h.collector.events().filter((e) => e.sessionid === early!.sessionid)
      expect(seqs(beforeReset)).toEqual(beforeReset.map((_, i) => i + 1))
      for (const event of h.collector.events())
        expect(validateEvent(event), event.type).toMatchObject({ ok: true })
      expect(errors).toEqual([])
    })

    it('continues the session and its sequence across page loads, and shares the session with other tabs', async () => {
      const context = await h.context()
      const { page } = await h.open(context, { build })
      await call(page, 'track', 'first')
      await page.reload()
      await waitForSdk(page)
      await call(page, 'track', 'second')
      const other = await context.newPage()
      await other.goto(`${h.site.url}/app/other`)
      await waitForSdk(other)
      await call(other, 'track', 'third')
      await Promise.all([call(page, 'flush'), call(other, 'flush')])
      await h.collector.until(() => expect(actions()).toHaveLength(3))
      const events = h.collector.events()
      expect(new Set(events.map((e) => e.sessionid)).size).toBe(1)
      expect(new Set(events.map((e) => e.anonymousid)).size).toBe(1)
      // One tab numbers its events 1, 2, 3… through its page loads; a second tab that starts
      // within a second of the first tab's last event may reuse a number (sdk/README.md).
      const firstTab = events.filter((e) => e.subject === '/app/')
      expect(seqs(firstTab)).toEqual(firstTab.map((_, i) => i + 1))
      const otherTab = events.filter((e) => e.subject === '/app/other')
      expect(Math.min(...seqs(otherTab))).toBeGreaterThan(1)
    })

    it('does nothing, and throws nothing, when the endpoint is not a URL', async () => {
      const { page, errors } = await h.open(await h.context(), {
        build,
        options: { endpoint: 'http://' },
        before: WATCH,
      })
      await page.mouse.click(5, 5)
      for (const args of [
        ['track', 'x'],
        ['track'],
        ['page'],
        ['identify', 42],
        ['reset'],
        ['consent', 'maybe'],
        ['debug', true],
        ['flush'],
        ['nope'],
        ['constructor'],
      ])
        await call(page, ...(args as [string, ...unknown[]]))
      await page.close({ runBeforeUnload: true })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(h.collector.received).toEqual([])
      expect(errors).toEqual([])
    })

    it('throws nothing and rejects nothing when the collector cannot be reached', async () => {
      const { page, errors } = await h.open(await h.context(), {
        build,
        options: { endpoint: 'http://127.0.0.1:9/v1/events' },
        before: WATCH,
      })
      await call(page, 'track', 'lost', { pad: 1 })
      await call(page, 'identify', '')
      await call(page, 'track', { not: 'a name' })
      expect(await call(page, 'flush')).toBeUndefined()
      expect(
        await page.evaluate(() => (window as unknown as { problems: string[] }).problems)
      ).toEqual([])
      expect(errors).toEqual([])
    })

    if (build !== 'core') {
      it('logs what it does with debug on, and nothing with debug off', async () => {
        const { page, logs } = await h.open(await h.context(), { build })
        await call(page, 'track', 'quiet')
        await call(page, 'debug', true)
        await call(page, 'track', 'loud')
        await call(page, 'debug', false)
        await call(page, 'track', 'quiet again')
        const lines = logs.filter((line) => line.startsWith('[clickstream]'))
        expect(lines).toHaveLength(1)
        expect(lines[0]).toContain('clickstream.action')
      })
    } else {
      it('captures nothing by itself in the core build', async () => {
        const { page } = await h.open(await h.context(), {
          build,
          body: '<button id="b">B</button>',
        })
        await page.click('#b')
        await call(page, 'track', 'only')
        await call(page, 'flush')
        await h.collector.until(() => expect(h.collector.events()).toHaveLength(1))
        expect(actions().map((a) => a.name)).toEqual(['only'])
      })
    }
  })
}
