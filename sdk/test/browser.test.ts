/**
 * The SDK in real Chromium (DESIGN.md: browser behaviour is tested in a real browser), for both
 * builds: the script tag and the npm ESM bundle. A recording stub stands in for the collector,
 * on another origin as in production, so these tests need neither Kafka nor the collector;
 * the e2e suite covers the real path.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateEvent, type CloudEvent } from '@clickstream/schema'

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8')

interface Received {
  events: CloudEvent[]
  headers: IncomingHttpHeaders
  status: number
}

/**
 * The collector stand-in: records each request and answers from a script of statuses. Each test
 * has its own endpoint path, so a beacon from the previous test's closing page is not counted.
 */
const collector = {
  run: 0,
  path: () => `/run-${collector.run}`,
  received: [] as Received[],
  statuses: [] as number[],
  preflights: 0,
  events: () => collector.received.filter((r) => r.status === 200).flatMap((r) => r.events),
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const collectorServer = createServer((req, res) => {
  const cors = { 'Access-Control-Allow-Origin': '*' }
  if (req.method === 'OPTIONS') {
    if (req.url?.startsWith(collector.path())) collector.preflights++
    res.writeHead(204, cors).end()
    return
  }
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk))
  req.on('end', () => {
    if (req.url !== `${collector.path()}/v1/events`) return void res.writeHead(410).end()
    const status = collector.statuses.shift() ?? 200
    collector.received.push({
      events: JSON.parse(body) as CloudEvent[],
      headers: req.headers,
      status,
    })
    res.writeHead(status, { ...cors, 'Content-Type': 'application/json' }).end('{}')
  })
})

/** Page options: the builds take the same ones, as tag attributes or as an options object. */
interface PageOptions {
  endpoint?: string
  flushInterval?: number
}

const SECRETS = ['Ann Secret', 'hunter2-secret', 'masked-secret']

const body = `
  <button id="buy" class="btn" data-cs-action="add_to_cart" data-cs-product="mug-42">
    <span>Add to cart</span>
  </button>
  <label>Password <input id="password" type="password"></label>
  <input id="name">
  <p id="masked" data-cs-mask>masked-secret</p>
  <a id="next" href="/page.html">Next page</a>`

const pages = {
  tag: (collectorUrl: string, o: PageOptions) => `<!doctype html><title>Tag</title>
    <script>${dist('snippet.js')}</script>
    <script>clickstream('track', 'queued_before_load', { n: 1 })</script>
    <script async src="/clickstream.js" data-endpoint="${o.endpoint ?? collectorUrl + collector.path()}"
      data-flush-interval="${o.flushInterval ?? 200}"></script>${body}`,
  esm: (collectorUrl: string, o: PageOptions) => `<!doctype html><title>ESM</title>
    <script type="module">
      import { createClickstream } from '/index.js'
      const api = createClickstream(${JSON.stringify({ endpoint: o.endpoint ?? collectorUrl + collector.path(), flushInterval: o.flushInterval ?? 200 })})
      window.clickstream = (method, ...args) => api[method](...args)
      clickstream('track', 'queued_before_load', { n: 1 })
    </script>${body}`,
}
type Build = keyof typeof pages

let pageOptions: PageOptions = {}
let build: Build = 'tag'
let collectorUrl = ''
const siteServer = createServer((req, res) => {
  const path = new URL(req.url!, 'http://x').pathname
  const files: Record<string, () => [string, string]> = {
    '/clickstream.js': () => ['text/javascript', dist('clickstream.iife.js')],
    '/index.js': () => ['text/javascript', dist('index.js')],
    '/page.html': () => ['text/html', pages[build](collectorUrl, pageOptions)],
  }
  const file = files[path]
  if (!file) return void res.writeHead(404).end()
  const [type, content] = file()
  res.writeHead(200, { 'Content-Type': type }).end(content)
})

let browser: Browser
let context: BrowserContext
let siteUrl = ''

beforeAll(async () => {
  collectorUrl = await listen(collectorServer)
  siteUrl = await listen(siteServer)
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  collectorServer.close()
  siteServer.close()
})

beforeEach(async () => {
  collector.run++
  collector.received = []
  collector.statuses = []
  collector.preflights = 0
  pageOptions = {}
  await context?.close()
  context = await browser.newContext()
})

/** Polls until `check` passes or five seconds are over. */
const eventually = async (check: () => void): Promise<void> => {
  for (let waited = 0; ; waited += 50) {
    try {
      return check()
    } catch (error) {
      if (waited > 5000) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

const open = async (options: PageOptions = {}): Promise<{ page: Page; errors: Error[] }> => {
  pageOptions = options
  const page = await context.newPage()
  const errors: Error[] = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${siteUrl}/page.html`)
  await page.waitForFunction(
    () => typeof (window as { clickstream?: unknown }).clickstream == 'function'
  )
  return { page, errors }
}

const typesOf = (events: CloudEvent[]) => events.map((e) => e.type)

for (const variant of ['tag', 'esm'] as const) {
  describe(`the ${variant} build in Chromium`, { timeout: 30_000 }, () => {
    beforeEach(() => {
      build = variant
    })

    it('sends the page view, queued calls, clicks and actions as valid CloudEvents', async () => {
      const { page, errors } = await open()
      await page.click('#buy span')
      await eventually(() =>
        expect(typesOf(collector.events())).toEqual([
          'clickstream.page_view',
          'clickstream.action',
          'clickstream.click',
          'clickstream.action',
        ])
      )
      const events = collector.events()
      for (const event of events)
        expect(validateEvent(event)).toMatchObject({ ok: true, known: true })
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4])
      expect(events[1]!.data).toEqual({ name: 'queued_before_load', properties: { n: 1 } })
      expect(events[2]!.data).toMatchObject({
        element: { tag: 'button', id: 'buy', selector: '#buy', text: 'Add to cart' },
      })
      expect(events[3]!.data).toEqual({ name: 'add_to_cart', properties: { product: 'mug-42' } })
      expect(events[0]).toMatchObject({
        source: siteUrl,
        subject: '/page.html',
        data: { url: `${siteUrl}/page.html`, path: '/page.html' },
      })
      expect(collector.received[0]!.headers['content-type']).toMatch(/^text\/plain/)
      expect(collector.preflights).toBe(0)
      expect(errors).toEqual([])
    })

    it('sends what is queued with sendBeacon when the page goes away', async () => {
      const { page } = await open({ flushInterval: 60_000 })
      await page.click('#buy')
      expect(collector.received).toEqual([])
      await page.close()
      await eventually(() => expect(collector.events()).toHaveLength(4))
      // sendBeacon's requests are no-cors; fetch's are cors.
      expect(collector.received.map((r) => r.headers['sec-fetch-mode'])).toEqual(['no-cors'])
    })

    it('sends a batch again with the same ids after a 503', async () => {
      collector.statuses = [503]
      await open()
      await eventually(() => expect(collector.received.length).toBeGreaterThanOrEqual(2))
      const [failed, retried] = collector.received
      expect(failed!.status).toBe(503)
      expect(retried!.events.map((e) => e.id)).toEqual(failed!.events.map((e) => e.id))
      expect(retried!.events[0]!.sentat).not.toBe(undefined)
    })

    it('drops a batch the collector refuses with a 400', async () => {
      collector.statuses = [400]
      const { page } = await open()
      await eventually(() => expect(collector.received).toHaveLength(1))
      await page.click('#buy')
      await eventually(() => expect(collector.received).toHaveLength(2))
      expect(typesOf(collector.received[1]!.events)).toEqual([
        'clickstream.click',
        'clickstream.action',
      ])
    })

    it('never sends what is typed into fields or inside data-cs-mask', async () => {
      const { page } = await open()
      await page.fill('#name', SECRETS[0]!)
      await page.fill('#password', SECRETS[1]!)
      for (const selector of ['#name', '#password', '#masked', 'label']) await page.click(selector)
      // Page view, queued action, four clicks, and the click the label forwards to its input.
      await eventually(() => expect(collector.events()).toHaveLength(7))
      const sent = JSON.stringify(collector.events())
      for (const secret of SECRETS) expect(sent).not.toContain(secret)
      for (const event of collector.events()) expect(validateEvent(event).ok).toBe(true)
    })

    it('continues the session and its sequence on the next page', async () => {
      const { page } = await open()
      await page.click('#next')
      await page.waitForLoadState('load')
      await page.click('#buy')
      // Per page: page view and queued action; then the link's click, the button's click and action.
      await eventually(() => expect(collector.events()).toHaveLength(7))
      const events = collector.events()
      expect(new Set(events.map((e) => e.id)).size).toBe(7)
      expect(new Set(events.map((e) => e.sessionid)).size).toBe(1)
      expect(new Set(events.map((e) => e.anonymousid)).size).toBe(1)
      expect(events.map((e) => e.seq).sort((a, b) => Number(a) - Number(b))).toEqual([
        1, 2, 3, 4, 5, 6, 7,
      ])
    })

    it('runs calls made after load and resolves flush', async () => {
      const { page } = await open({ flushInterval: 60_000 })
      await page.evaluate(async () => {
        const clickstream = (window as unknown as { clickstream: (...a: unknown[]) => unknown })
          .clickstream
        clickstream('track', 'after_load', { ok: true })
        await clickstream('flush')
      })
      expect(typesOf(collector.events())).toEqual([
        'clickstream.page_view',
        'clickstream.action',
        'clickstream.action',
      ])
    })

    it('does nothing, and throws nothing, when the endpoint is not a URL', async () => {
      const { page, errors } = await open({ endpoint: 'http://' })
      await page.click('#buy')
      await page.evaluate(() =>
        (window as unknown as { clickstream: (...a: unknown[]) => unknown }).clickstream(
          'track',
          'x'
        )
      )
      await page.close()
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(collector.received).toEqual([])
      expect(errors).toEqual([])
    })
  })
}
