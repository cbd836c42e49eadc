/**
 * Autocapture in real Chromium, with real input only (Playwright's mouse, keyboard and
 * touchscreen, and CDP `Input.dispatchTouchEvent` for multi-touch), for both builds that
 * capture: the script tag and the npm ESM build.
 */
import type { CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateEvent, type CloudEvent } from '@clickstream/schema'
import { createHarness, FULL_BUILDS, ofType, typesOf } from './harness.js'

const h = createHarness()
beforeAll(h.start)
afterAll(h.stop)
beforeEach(h.reset)

const data = <T = Record<string, unknown>>(event: CloudEvent | undefined) => event?.data as T

/** Every event the collector took is valid against the schema the collector validates with. */
const expectValid = (events: CloudEvent[]) => {
  for (const event of events) expect(validateEvent(event), event.type).toMatchObject({ ok: true })
}

/** Where the centre of `selector` is, in page coordinates. */
const pageCentre = (page: Page, selector: string) =>
  page.$eval(selector, (element) => {
    const box = element.getBoundingClientRect()
    return { x: box.left + box.width / 2 + scrollX, y: box.top + box.height / 2 + scrollY }
  })

const SHOP = `
  <style>body { margin: 0; font: 16px sans-serif } button { margin: 12px; padding: 8px }</style>
  <div id="products">
    <button id="noop">Does nothing</button>
    <button id="mutate">Changes the page</button>
    <button id="request">Loads something</button>
    <a id="next" href="/app/next?token=secret&utm_source=news#details">Next page</a>
  </div>
  <div style="height: 1500px"></div>
  <button id="buy" class="btn primary" data-cs-action="add_to_cart" data-cs-product="mug-42">
    <svg width="8" height="8"></svg><span>Add to   cart</span>
  </button>
  <div style="height: 1500px"></div>
  <script>
    document.querySelector('#mutate').addEventListener('click', () =>
      document.body.append(Object.assign(document.createElement('p'), { textContent: 'Added' })))
    document.querySelector('#request').addEventListener('click', () => fetch('/app/ping'))
  </script>`

for (const build of FULL_BUILDS) {
  describe(`autocapture, ${build} build`, () => {
    it('captures a click with the element descriptor, page coordinates and its declared action', async () => {
      const { page, errors } = await h.open(await h.context(), { build, body: SHOP })
      await page.click('#buy span')
      const { x, y } = await pageCentre(page, '#buy span')
      expect(await page.evaluate(() => scrollY)).toBeGreaterThan(0)
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.action')).toHaveLength(1)
      )
      const [click] = ofType(h.collector.events(), 'clickstream.click')
      expect(data(click)).toEqual({
        element: {
          tag: 'button',
          id: 'buy',
          classes: ['btn', 'primary'],
          selector: '#buy',
          text: 'Add to cart',
          attributes: { action: 'add_to_cart', product: 'mug-42' },
        },
        x: expect.closeTo(x, -0.5),
        y: expect.closeTo(y, -0.5),
      })
      expect(data(ofType(h.collector.events(), 'clickstream.action')[0])).toEqual({
        name: 'add_to_cart',
        properties: { product: 'mug-42' },
      })
      expectValid(h.collector.events())
      expect(errors).toEqual([])
    })

    it('keeps only allowed query parameters of links, and hands the page over to the next load', async () => {
      const { page } = await h.open(await h.context(), { build, body: SHOP })
      await page.mouse.wheel(0, 600)
      await page.waitForFunction(() => scrollY >= 600)
      await page.waitForTimeout(150)
      await page.click('#next')
      await page.waitForURL('**/app/next?**')
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.page_view')).toHaveLength(2)
      )
      const [click] = ofType(h.collector.events(), 'clickstream.click')
      expect(data(click)).toMatchObject({
        element: { tag: 'a', href: `${h.site.url}/app/next?utm_source=news`, text: 'Next page' },
      })
      const [, second] = ofType(h.collector.events(), 'clickstream.page_view')
      expect(data(second)).toEqual({
        url: `${h.site.url}/app/next?utm_source=news`,
        path: '/app/next',
        title: 'Test page',
        referrer: `${h.site.url}/app/`,
        navigation: 'load',
        previous: {
          path: '/app/',
          durationMs: expect.any(Number),
          maxScrollDepth: expect.any(Number),
        },
      })
      const previous = data<{ previous: { maxScrollDepth: number; durationMs: number } }>(
        second
      ).previous
      expect(previous.maxScrollDepth).toBeGreaterThanOrEqual(40)
      expect(previous.durationMs).toBeGreaterThan(0)
      expect(h.collector.received.map((r) => r.body).join()).not.toContain('secret')
      expectValid(h.collector.events())
    })

    it('reports rage clicks: several clicks on one spot in a short time', async () => {
      const { page } = await h.open(await h.context(), { build, body: SHOP })
      const { x, y } = await pageCentre(page, '#mutate')
      for (let i = 0; i < 4; i++) await page.mouse.click(x + i * 2, y, { delay: 20 })
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.rage_click')).toHaveLength(1)
      )
      expect(ofType(h.collector.events(), 'clickstream.click')).toHaveLength(4)
      expect(data(ofType(h.collector.events(), 'clickstream.rage_click')[0])).toMatchObject({
        element: { tag: 'button', id: 'mutate' },
        clicks: 4,
      })
      expectValid(h.collector.events())
    })

    it('sends the page view of a route change the page left before its timer ran', async () => {
      // A frame of the same site runs the SDK too. Removing it unloads its document at once, in
      // the same task as its route change: before the timer that records a navigation's page view.
      const body = `<script>
        if (window === top) document.body.append(Object.assign(document.createElement('iframe'), { src: '/app/frame' }))
      </script>`
      const { page } = await h.open(await h.context(), { build, body })
      const views = () => ofType(h.collector.events(), 'clickstream.page_view').map((e) => data(e))
      await h.collector.until(() => expect(views()).toHaveLength(2))
      await page.evaluate(() => {
        const frame = document.querySelector('iframe')!
        frame.contentWindow!.history.pushState({}, '', '/app/checkout')
        frame.remove()
      })
      await h.collector.until(() =>
        expect(views().map((v) => [v.navigation, v.path])).toContainEqual(['push', '/app/checkout'])
      )
      const left = views().find((v) => v.path === '/app/checkout')!
      expect((left.previous as { path: string }).path).toBe('/app/frame')
    })

    it('sends a rage click whose series the page close ends, with the clicks before it', async () => {
      const { page } = await h.open(await h.context(), { build, body: SHOP })
      const { x, y } = await pageCentre(page, '#mutate')
      for (let i = 0; i < 3; i++) await page.mouse.click(x + i * 2, y, { delay: 20 })
      // Closed well inside the one-second gap that would end the series otherwise.
      await page.close({ runBeforeUnload: true })
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.rage_click')).toHaveLength(1)
      )
      expect(ofType(h.collector.events(), 'clickstream.click')).toHaveLength(3)
      expect(data(ofType(h.collector.events(), 'clickstream.rage_click')[0])).toMatchObject({
        clicks: 3,
      })
    })

    it('reports a dead click when nothing happens, not when the DOM changes or a request starts', async () => {
      const { page } = await h.open(await h.context(), { build, body: SHOP })
      for (const selector of ['#mutate', '#request', '#noop']) await page.click(selector)
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.dead_click')).toHaveLength(1)
      )
      // Another second: the clicks that did something never turn dead.
      await page.waitForTimeout(1200)
      await page.evaluate(() =>
        (window as unknown as { clickstream: (m: string) => Promise<void> }).clickstream('flush')
      )
      const dead = ofType(h.collector.events(), 'clickstream.dead_click')
      expect(dead.map((e) => data<{ element: { id: string } }>(e).element.id)).toEqual(['noop'])
      expect(ofType(h.collector.events(), 'clickstream.rage_click')).toEqual([])
      expectValid(h.collector.events())
    })

    it('captures page views of single-page-app navigation with the previous page measured', async () => {
      const router = `
        <nav><a href="/app/b" data-route>B</a> <button id="replace">Replace</button>
        <a href="#section">Section</a></nav>
        <div style="height: 3000px"></div><h2 id="section">Section</h2>
        <script>
          for (const link of document.querySelectorAll('[data-route]')) link.addEventListener('click', (e) => {
            e.preventDefault(); history.pushState({}, '', link.getAttribute('href')); document.title = 'Page B'
          })
          document.querySelector('#replace').addEventListener('click', () => {
            history.replaceState({}, '', '/app/c?q=private&utm_campaign=spring'); document.title = 'Page C'
          })
        </script>`
      const { page } = await h.open(await h.context(), { build, body: router, title: 'Page A' })
      await page.mouse.wheel(0, 1000)
      await page.waitForFunction(() => scrollY >= 1000)
      await page.waitForTimeout(150)
      await page.mouse.wheel(0, -1000)
      await page.waitForFunction(() => scrollY === 0)
      await page.click('a[data-route]')
      await page.waitForURL('**/app/b')
      await page.waitForTimeout(200)
      await page.click('#replace')
      await page.waitForURL('**/app/c?**')
      // The tag sends a navigation's page view from a timer (navigations within one task make
      // one view); a timer set now runs after it. Going back before then, as a busy machine may
      // let the test do, would fold the replace into the back navigation's view.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)))
      // The tag's popstate listener, registered first, has run once this one has: only then
      // may the fragment link change the URL, or the tag would see the back navigation late
      // and take the fragment's URL for it.
      const popped = page.evaluate(
        () =>
          new Promise<void>((resolve) =>
            addEventListener('popstate', () => resolve(), { once: true })
          )
      )
      await page.goBack()
      await page.waitForURL(`${h.site.url}/app/`)
      await popped
      await page.click('a[href="#section"]')
      await page.waitForURL('**/app/#section')
      await h.collector.until(() => {
        const seen = ofType(h.collector.events(), 'clickstream.page_view').map((e) => data(e))
        const described = JSON.stringify(seen.map((v) => [v.navigation, v.url]))
        expect(seen, `page views received: ${described}`).toHaveLength(5)
      })
      const views = ofType(h.collector.events(), 'clickstream.page_view').map((e) => data(e))
      expect(views.map((v) => [v.navigation, v.path, v.title])).toEqual([
        ['load', '/app/', 'Page A'],
        ['push', '/app/b', 'Page B'],
        ['replace', '/app/c', 'Page C'],
        ['pop', '/app/', 'Page C'],
        ['hash', '/app/', 'Page C'],
      ])
      expect(views[2]!.url).toBe(`${h.site.url}/app/c?utm_campaign=spring`)
      expect(views.slice(1).map((v) => (v.previous as { path: string }).path)).toEqual([
        '/app/',
        '/app/b',
        '/app/c',
        '/app/',
      ])
      const first = views[1]!.previous as { durationMs: number; maxScrollDepth: number }
      expect(first.durationMs).toBeGreaterThanOrEqual(150)
      expect(first.maxScrollDepth).toBeGreaterThanOrEqual(50)
      // A new campaign starts a new session, as the collector does.
      const pageViews = ofType(h.collector.events(), 'clickstream.page_view')
      expect(pageViews[2]!.sessionid).not.toBe(pageViews[1]!.sessionid)
      expectValid(h.collector.events())
    })

    it('reports each scroll depth milestone once per page view', async () => {
      const tall = '<div style="height: 4000px">Long article</div>'
      const { page } = await h.open(await h.context(), { build, body: tall })
      for (let i = 0; i < 3; i++) {
        for (let step = 0; step < 4; step++) {
          await page.mouse.wheel(0, 1000)
          await page.waitForTimeout(120)
        }
        await page.mouse.wheel(0, -4000)
        await page.waitForTimeout(120)
      }
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.scroll_depth')).toHaveLength(4)
      )
      await page.evaluate(() =>
        (window as unknown as { clickstream: (m: string) => Promise<void> }).clickstream('flush')
      )
      expect(
        ofType(h.collector.events(), 'clickstream.scroll_depth').map((e) => data(e).depth)
      ).toEqual([25, 50, 75, 100])
    })

    it('reports form submissions and field focus and change, never a value', async () => {
      const form = `
        <form id="checkout" action="/order?session=session-secret">
          <input type="hidden" name="csrf" value="hidden-token-secret">
          <input id="email" name="email" type="email">
          <input id="password" name="password" type="password">
          <select id="size" name="size"><option>S</option><option>M-size-secret</option></select>
          <textarea id="note" name="note"></textarea>
          <button id="order" type="submit">Order</button>
        </form>
        <script>document.querySelector('form').addEventListener('submit', (e) => e.preventDefault())</script>`
      const { page } = await h.open(await h.context(), { build, body: form })
      await page.click('#email')
      await page.keyboard.type('ann-secret@example.com')
      await page.keyboard.press('Tab')
      await page.keyboard.type('hunter2-secret')
      await page.keyboard.press('Tab')
      await page.keyboard.press('ArrowDown')
      await page.click('#note')
      await page.keyboard.type('note-secret')
      await page.click('#order')
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.form_submit')).toHaveLength(1)
      )
      const fields = ofType(h.collector.events(), 'clickstream.form_field').map((e) => {
        const { interaction, field } = data<{
          interaction: string
          field: { name: string; type?: string }
        }>(e)
        return [interaction, field.name, field.type]
      })
      expect(fields).toEqual([
        ['focus', 'email', 'email'],
        ['change', 'email', 'email'],
        ['focus', 'password', 'password'],
        ['change', 'password', 'password'],
        ['focus', 'size', undefined],
        ['change', 'size', undefined],
        ['focus', 'note', undefined],
        ['change', 'note', undefined],
      ])
      expect(data(ofType(h.collector.events(), 'clickstream.form_submit')[0])).toEqual({
        form: { id: 'checkout', selector: '#checkout', action: `${h.site.url}/order` },
        fields: 4,
      })
      const bodies = h.collector.received.map((r) => r.body).join()
      for (const secret of [
        'ann-secret',
        'hunter2',
        'M-size-secret',
        'note-secret',
        'hidden-token',
        'session-secret',
      ])
        expect(bodies).not.toContain(secret)
      expectValid(h.collector.events())
    })
  })

  describe(`touch gestures, ${build} build`, () => {
    const PAD = `
      <style>body { margin: 0 } #pad { margin: 20px; width: 300px; height: 300px; touch-action: none; background: #ddd }</style>
      <div id="pad" class="carousel">Swipe me</div><div style="height: 3000px"></div>`

    /** Touch points through CDP: real touch input, several fingers at once. */
    const touch = (cdp: CDPSession) => ({
      send: (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
        cdp.send('Input.dispatchTouchEvent', {
          type,
          touchPoints: points.map(([x, y], id) => ({ x, y, id })),
        }),
    })
    const gestures = () => ofType(h.collector.events(), 'clickstream.gesture').map((e) => data(e))

    it('recognises tap, double tap and long press, and sends no click for touch', async () => {
      const context = await h.context({
        hasTouch: true,
        isMobile: true,
        viewport: { width: 400, height: 700 },
      })
      const { page } = await h.open(context, { build, body: PAD })
      const cdp = await context.newCDPSession(page)
      await page.touchscreen.tap(100, 100)
      await page.waitForTimeout(500)
      await page.touchscreen.tap(150, 150)
      await page.waitForTimeout(60)
      await page.touchscreen.tap(152, 152)
      await page.waitForTimeout(500)
      const fingers = touch(cdp)
      await fingers.send('touchStart', [[200, 200]])
      await page.waitForTimeout(650)
      await fingers.send('touchEnd', [])
      await h.collector.until(() => expect(gestures()).toHaveLength(4))
      expect(gestures().map((g) => g.gesture)).toEqual(['tap', 'tap', 'double_tap', 'long_press'])
      expect(gestures()[0]).toMatchObject({ element: { tag: 'div', id: 'pad' }, x: 100, y: 100 })
      expect(gestures()[3]!.durationMs).toBeGreaterThanOrEqual(500)
      expect(ofType(h.collector.events(), 'clickstream.click')).toEqual([])
      expectValid(h.collector.events())
    })

    it('recognises swipes, on an element that handles touch and on the scrolling page, and pinches', async () => {
      const context = await h.context({
        hasTouch: true,
        isMobile: true,
        viewport: { width: 400, height: 700 },
      })
      const { page } = await h.open(context, { build, body: PAD })
      const fingers = touch(await context.newCDPSession(page))
      // Left across the pad (touch-action: none, so the page sees every pointer event).
      await fingers.send('touchStart', [[300, 150]])
      for (let i = 1; i <= 10; i++) await fingers.send('touchMove', [[300 - i * 20, 150]])
      await fingers.send('touchEnd', [])
      await page.waitForTimeout(300)
      // Two fingers apart on the pad: from 100 to 200 pixels.
      await fingers.send('touchStart', [
        [120, 170],
        [220, 170],
      ])
      for (let i = 1; i <= 10; i++)
        await fingers.send('touchMove', [
          [120 - i * 5, 170],
          [220 + i * 5, 170],
        ])
      await fingers.send('touchEnd', [])
      await page.waitForTimeout(300)
      // Up on the page below the pad: the browser scrolls and cancels the pointer.
      await fingers.send('touchStart', [[200, 600]])
      for (let i = 1; i <= 10; i++) await fingers.send('touchMove', [[200, 600 - i * 30]])
      await fingers.send('touchEnd', [])
      await h.collector.until(() => expect(gestures()).toHaveLength(3))
      const [left, pinch, up] = gestures()
      expect(left).toMatchObject({
        gesture: 'swipe',
        direction: 'left',
        x: 300,
        y: 150,
        element: { id: 'pad' },
      })
      expect(left!.distance).toBeCloseTo(200, -1)
      expect(left!.velocity).toBeGreaterThan(0)
      expect(up).toMatchObject({ gesture: 'swipe', direction: 'up' })
      expect(up!.distance).toBeGreaterThan(100)
      expect(pinch).toMatchObject({ gesture: 'pinch', element: { id: 'pad' } })
      expect(pinch!.scale).toBeCloseTo(2, 1)
      expectValid(h.collector.events())
    })

    it('keeps mouse and pen input as clicks on a touch device', async () => {
      const context = await h.context({ hasTouch: true, viewport: { width: 400, height: 700 } })
      const { page } = await h.open(context, { build, body: PAD })
      const cdp = await context.newCDPSession(page)
      await page.mouse.click(100, 100)
      for (const type of ['mousePressed', 'mouseReleased'] as const)
        await cdp.send('Input.dispatchMouseEvent', {
          type,
          x: 120,
          y: 120,
          button: 'left',
          clickCount: 1,
          pointerType: 'pen',
        })
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.click')).toHaveLength(2)
      )
      expect(gestures()).toEqual([])
      expect(typesOf(h.collector.events())).not.toContain('clickstream.gesture')
    })

    it('listens for pointers only on a device with touch input', async () => {
      /** Event types of the listeners on `document`, as DevTools lists them. */
      const documentListeners = async (page: Page) => {
        const cdp = await page.context().newCDPSession(page)
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'document' })
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
          objectId: result.objectId!,
        })
        return listeners.map((listener) => listener.type)
      }
      const touch = await h.open(await h.context({ hasTouch: true }), { build, body: PAD })
      expect(await documentListeners(touch.page)).toContain('pointerdown')
      const mouse = await h.open(await h.context(), { build, body: PAD })
      const types = await documentListeners(mouse.page)
      expect(types).toContain('click')
      expect(types).not.toContain('pointerdown')
      expect(types).not.toContain('touchstart')
    })
  })
}
