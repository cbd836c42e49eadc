/**
 * Privacy in real Chromium, for every build: what is never sent (asserted on the raw request
 * bodies), Do Not Track and Global Privacy Control, consent modes and cookieless mode.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BUILDS, call, createHarness, FULL_BUILDS, ofType, typesOf, waitForSdk } from './harness.js'

const h = createHarness()
beforeAll(h.start)
afterAll(h.stop)
beforeEach(h.reset)

/** Everything the collector stand-in received, as the raw bytes of the bodies. */
const rawBodies = () => h.collector.received.map((r) => r.body).join('\n')

/** The SDK's keys in this page's storage. */
const storedKeys = (page: Page) =>
  page.evaluate(() =>
    [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((key) =>
      key.startsWith('cs_')
    )
  )

const SECRETS = {
  text: 'Ann Example-secret',
  email: 'ann.secret@example.com',
  password: 'hunter2-secret',
  note: 'call me on 555-secret',
  editable: 'edited-secret',
  masked: 'masked-secret',
  option: 'XL-secret',
  ignored: 'ignored-secret',
  query: 'token-secret',
}

const FIELDS = `
  <label id="name-label">Name <input id="name" name="name"></label>
  <input id="email" type="email" name="email">
  <input id="password" type="password" name="password">
  <textarea id="note" name="note"></textarea>
  <select id="size" name="size"><option>S</option><option>${SECRETS.option}</option></select>
  <div id="editable" contenteditable>Edit me</div>
  <button id="account">Account of <span data-cs-mask>${SECRETS.masked}</span></button>
  <p id="masked" data-cs-mask>${SECRETS.masked}</p>
  <div data-cs-ignore><button id="ignored">${SECRETS.ignored}</button>
    <input id="ignored-field" name="ignored"></div>`

for (const build of FULL_BUILDS) {
  describe(`what is never sent, ${build} build`, () => {
    it('never sends what is typed or picked, text in fields and data-cs-mask, or data-cs-ignore', async () => {
      const { page } = await h.open(await h.context(), {
        build,
        body: FIELDS,
        path: `/app/?email=${SECRETS.email}&q=${SECRETS.query}&utm_source=news`,
      })
      const type = async (selector: string, text: string) => {
        await page.click(selector)
        await page.keyboard.type(text)
      }
      await type('#name', SECRETS.text)
      await type('#email', SECRETS.email)
      await type('#password', SECRETS.password)
      await type('#note', SECRETS.note)
      await type('#editable', SECRETS.editable)
      await page.click('#size')
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('Enter')
      for (const selector of ['#name-label', '#account', '#masked', '#ignored', '#ignored-field'])
        await page.click(selector)
      await type('#ignored-field', SECRETS.ignored)
      await call(page, 'flush')
      // What is still queued goes with the beacon when the page closes: look at that too.
      await page.close({ runBeforeUnload: true })
      await h.collector.until(() =>
        expect(
          ofType(h.collector.events(), 'clickstream.form_field').length
        ).toBeGreaterThanOrEqual(10)
      )
      const raw = rawBodies()
      for (const [what, secret] of Object.entries(SECRETS)) expect(raw, what).not.toContain(secret)
      const clicked = ofType(h.collector.events(), 'clickstream.click').map(
        (e) => (e.data as { element: Record<string, unknown> }).element
      )
      expect(clicked.find((e) => e.id === 'account')).toMatchObject({ text: 'Account of' })
      expect(clicked.find((e) => e.id === 'masked')).not.toHaveProperty('text')
      expect(clicked.find((e) => e.id === 'ignored')).toBeUndefined()
      const [view] = ofType(h.collector.events(), 'clickstream.page_view')
      expect((view!.data as { url: string }).url).toBe(`${h.site.url}/app/?utm_source=news`)
    })

    it('keeps the query parameters the site allows, and no others', async () => {
      const { page } = await h.open(await h.context(), {
        build,
        options: { queryParams: ['ref', 'utm_campaign'] },
        path: '/app/?ref=partner&utm_campaign=spring&utm_source=news&email=ann',
      })
      await call(page, 'flush')
      const [view] = ofType(h.collector.events(), 'clickstream.page_view')
      expect((view!.data as { url: string }).url).toBe(
        `${h.site.url}/app/?ref=partner&utm_campaign=spring`
      )
    })
  })
}

for (const build of BUILDS) {
  /** The core build captures nothing by itself: pages record a page view with `page()`. */
  const record = async (page: Page) => {
    await call(page, 'page')
    await call(page, 'track', 'signup', { plan: 'pro' })
  }

  describe(`privacy signals and consent, ${build} build`, () => {
    it('does nothing at all when the browser sends Do Not Track (a real browser setting)', async () => {
      const context = await h.profile({ enable_do_not_track: true })
      const { page, errors } = await h.open(context, { build })
      expect(await page.evaluate(() => navigator.doNotTrack)).toBe('1')
      await record(page)
      await page.mouse.click(10, 10)
      expect(await call(page, 'flush')).toBeUndefined()
      await page.close({ runBeforeUnload: true })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(h.collector.received).toEqual([])
      expect(errors).toEqual([])
    })

    it('does nothing with Global Privacy Control, unless told to ignore privacy signals', async () => {
      // Chromium has no GPC setting yet: this defines `navigator.globalPrivacyControl` as a
      // browser that sends GPC would, to simulate the setting.
      const gpc = () =>
        Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })
      const context = await h.context()
      await context.addInitScript(gpc)
      const { page } = await h.open(context, { build })
      await record(page)
      await call(page, 'flush')
      expect(await storedKeys(page)).toEqual([])
      expect(h.collector.received).toEqual([])

      const { page: ignoring } = await h.open(context, {
        build,
        options: { respectPrivacySignals: false },
      })
      await record(ignoring)
      await h.collector.until(() =>
        expect(typesOf(h.collector.events())).toContain('clickstream.action')
      )
    })

    it('buffers events in memory while consent is pending, and sends them when it is granted', async () => {
      const context = await h.context()
      const { page } = await h.open(context, { build, options: { consent: 'pending' } })
      await record(page)
      await call(page, 'flush')
      expect(h.collector.received).toEqual([])
      expect(await storedKeys(page)).toEqual([])
      await call(page, 'consent', 'granted')
      await h.collector.until(() =>
        expect(typesOf(h.collector.events())).toContain('clickstream.action')
      )
      expect(ofType(h.collector.events(), 'clickstream.page_view').length).toBeGreaterThanOrEqual(1)
      expect(await storedKeys(page)).toContain('cs_consent')
      // The decision is remembered: the next page load sends at once.
      await page.reload()
      await waitForSdk(page)
      await call(page, 'track', 'after_reload')
      await h.collector.until(() =>
        expect(
          h.collector.events().some((e) => (e.data as { name?: string }).name === 'after_reload')
        ).toBe(true)
      )
    })

    it('drops what it buffered and forgets what it stored when consent is denied', async () => {
      const context = await h.context()
      const { page } = await h.open(context, { build })
      await record(page)
      await call(page, 'flush')
      await h.collector.until(() => expect(h.collector.received.length).toBeGreaterThan(0))
      expect(await storedKeys(page)).toEqual(expect.arrayContaining(['cs_aid', 'cs_sid']))
      const before = h.collector.received.length
      await call(page, 'consent', 'denied')
      expect(await storedKeys(page)).toEqual(['cs_consent'])
      await record(page)
      await page.mouse.click(10, 10)
      await call(page, 'flush')
      await page.reload()
      await waitForSdk(page)
      await record(page)
      await page.close({ runBeforeUnload: true })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(h.collector.received).toHaveLength(before)
    })

    it('keeps nothing on the device in cookieless mode and sends no identifiers', async () => {
      const context = await h.context()
      const { page } = await h.open(context, { build, options: { cookieless: true } })
      await record(page)
      await call(page, 'identify', 'user-7')
      await page.reload()
      await waitForSdk(page)
      await record(page)
      await call(page, 'flush')
      await h.collector.until(() =>
        expect(ofType(h.collector.events(), 'clickstream.action')).toHaveLength(2)
      )
      expect(await storedKeys(page)).toEqual([])
      for (const event of h.collector.events()) {
        expect(event).not.toHaveProperty('anonymousid')
        expect(event).not.toHaveProperty('sessionid')
      }
      // The user id the site gave lasts for its page only.
      expect(ofType(h.collector.events(), 'clickstream.action').map((e) => e.userid)).toEqual([
        undefined,
        undefined,
      ])
    })
  })
}
