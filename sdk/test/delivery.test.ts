/**
 * Delivery in real Chromium, for every build (script tag, npm ESM, core script tag): beacons on
 * page close, batching, retries with the same ids, giving up, the persistent queue across
 * offline periods and reloads, and two tabs that never send one event twice. The events come
 * from `track`, so every build makes the same ones.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BUILDS, call, createHarness, waitForSdk } from './harness.js'

const h = createHarness()
beforeAll(h.start)
afterAll(h.stop)
beforeEach(h.reset)

/** Action names of the events the collector accepted, in arrival order. */
const accepted = () => h.collector.events().map((e) => (e.data as { name: string }).name)

/** Ids that the collector accepted more than once. */
const duplicates = () => {
  const ids = h.collector.events().map((e) => e.id)
  return ids.filter((id, i) => ids.indexOf(id) !== i)
}

const track = async (page: Page, ...names: string[]) => {
  for (const name of names) await call(page, 'track', name, { pad: 'x'.repeat(20) })
}

/** The events waiting in this page's localStorage queue keys. */
const storedEvents = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('cs_q.'))
      .flatMap((key) => localStorage.getItem(key)!.split('\n').slice(1))
  )

for (const build of BUILDS) {
  const spec = (options = {}) => ({ build, options: { autocapture: false, ...options } })

  describe(`delivery, ${build} build`, () => {
    it('sends what is queued with sendBeacon when the page is closed', async () => {
      const { page } = await h.open(await h.context(), spec({ flushInterval: 60_000 }))
      await track(page, 'one', 'two', 'three')
      await page.waitForTimeout(100)
      expect(h.collector.received).toEqual([])
      await page.close({ runBeforeUnload: true })
      await h.collector.until(() => expect(accepted()).toEqual(['one', 'two', 'three']))
      // sendBeacon's requests are no-cors; fetch's are cors.
      expect(h.collector.received.map((r) => r.headers['sec-fetch-mode'])).toEqual(['no-cors'])
    })

    it('batches by count, by bytes and by time, with fetch keepalive as text/plain and no preflight', async () => {
      const { page } = await h.open(await h.context(), spec({ batchSize: 3, flushInterval: 500 }))
      await track(page, 'a', 'b', 'c', 'd')
      await h.collector.until(() => expect(accepted()).toEqual(['a', 'b', 'c', 'd']))
      expect(h.collector.received.map((r) => r.events.length)).toEqual([3, 1])
      // 150 events of about 1.3 KB: sent as soon as 30 KB wait, never more than 60 KB a body.
      await page.evaluate(() => {
        const clickstream = (window as unknown as { clickstream: (...a: unknown[]) => void })
          .clickstream
        for (let i = 0; i < 150; i++) clickstream('track', `big-${i}`, { text: 'é'.repeat(600) })
      })
      await h.collector.until(() => expect(accepted()).toHaveLength(154))
      for (const request of h.collector.received) {
        expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(60 * 1024)
        // A string body's own type: no header set by the SDK, no preflight.
        expect(request.headers['content-type']).toBe('text/plain;charset=UTF-8')
        expect(request.headers['sec-fetch-mode']).toBe('cors')
      }
      expect(h.collector.preflights).toBe(0)
      expect(duplicates()).toEqual([])
    })

    it('retries a 503 with the same ids after the Retry-After, with a new sentat', async () => {
      h.collector.statuses = [503]
      h.collector.retryAfter = '1'
      const { page } = await h.open(await h.context(), spec())
      await track(page, 'x', 'y')
      await h.collector.until(() => expect(accepted()).toEqual(['x', 'y']))
      const [failed, retried] = h.collector.received
      expect(failed!.status).toBe(503)
      expect(retried!.events.map((e) => e.id)).toEqual(failed!.events.map((e) => e.id))
      expect(retried!.at - failed!.at).toBeGreaterThanOrEqual(950)
      expect(retried!.events[0]!.sentat).not.toBe(failed!.events[0]!.sentat)
      expect(Date.parse(String(retried!.events[0]!.sentat))).toBeGreaterThanOrEqual(
        Date.parse(String(failed!.events[0]!.sentat)) + 950
      )
    })

    it('gives up on 400, 401, 403 and 413 and says so with debug', async () => {
      h.collector.statuses = [400, 401, 403, 413]
      const { page, logs } = await h.open(await h.context(), spec({ debug: true }))
      for (const name of ['r400', 'r401', 'r403', 'r413', 'ok']) {
        await track(page, name)
        await call(page, 'flush')
      }
      await h.collector.until(() => expect(accepted()).toEqual(['ok']))
      expect(h.collector.received.map((r) => [r.status, r.events.length])).toEqual([
        [400, 1],
        [401, 1],
        [403, 1],
        [413, 1],
        [200, 1],
      ])
      // The core build carries no console messages.
      if (build !== 'core') {
        for (const status of [400, 401, 403, 413])
          expect(
            logs.some((line) => line.includes('collector refused') && line.includes(String(status)))
          ).toBe(true)
      }
    })

    it('keeps the queue through an offline period and a reload, and sends it once online', async () => {
      const context = await h.context()
      const { page } = await h.open(context, spec())
      await context.setOffline(true)
      await page.waitForFunction(() => !navigator.onLine)
      await track(page, 'off-1', 'off-2', 'off-3')
      await call(page, 'flush')
      await expect.poll(() => storedEvents(page), { timeout: 3000 }).toHaveLength(3)
      // Leaving while offline: nothing can go, so nothing is lost either. (A reload fails while
      // offline and keeps the old page; about:blank needs no network.)
      await page.goto('about:blank')
      await context.setOffline(false)
      // (Chromium's offline emulation sometimes lets a keepalive request out anyway: then the
      // collector has the events already, and the new page must not send them again.)
      await page.goto(`${h.site.url}/app/`)
      await waitForSdk(page)
      await track(page, 'back')
      await h.collector.until(() =>
        expect(accepted().sort()).toEqual(['back', 'off-1', 'off-2', 'off-3'])
      )
      expect(duplicates()).toEqual([])
      // The queue writes localStorage at most once a second.
      await expect.poll(() => storedEvents(page), { timeout: 3000 }).toEqual([])
    })

    it('never sends one event twice from two tabs, and the survivor sends what a closed tab left', async () => {
      h.collector.status = 503
      h.collector.retryAfter = '1'
      const context = await h.context()
      const { page: first } = await h.open(context, spec())
      const second = await context.newPage()
      await second.goto(`${h.site.url}/app/`)
      await waitForSdk(second)
      await track(first, 'a-1', 'a-2')
      await track(second, 'b-1', 'b-2')
      // `flush` resolves once the collector's 503 is in: the tab knows the collector is failing.
      await Promise.all([call(first, 'flush'), call(second, 'flush')])
      expect(h.collector.received.length).toBeGreaterThanOrEqual(2)
      // So the closing tab hands its events over instead of beaconing them.
      await first.close({ runBeforeUnload: true })
      await expect.poll(() => storedEvents(second), { timeout: 3000 }).toHaveLength(4)
      h.collector.status = 200
      await h.collector.until(
        () => expect(accepted().sort()).toEqual(['a-1', 'a-2', 'b-1', 'b-2']),
        15_000
      )
      await second.waitForTimeout(500)
      expect(duplicates()).toEqual([])
      expect(accepted()).toHaveLength(4)
    })

    it('lets exactly one of two tabs that start at once adopt a released queue', async () => {
      h.collector.status = 503
      h.collector.retryAfter = '30'
      const context = await h.context()
      const { page } = await h.open(context, spec())
      await track(page, 'left-1', 'left-2', 'left-3')
      await call(page, 'flush')
      expect(h.collector.received.map((r) => r.status)).toEqual([503])
      await page.close({ runBeforeUnload: true })
      h.collector.status = 200
      const tabs = await Promise.all([context.newPage(), context.newPage()])
      await Promise.all(tabs.map((tab) => tab.goto(`${h.site.url}/app/`)))
      await h.collector.until(() =>
        expect(accepted().sort()).toEqual(['left-1', 'left-2', 'left-3'])
      )
      await tabs[0]!.waitForTimeout(500)
      expect(duplicates()).toEqual([])
      expect(accepted()).toHaveLength(3)
    })
  })
}
