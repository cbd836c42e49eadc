/**
 * What the browser tests share: real Chromium (DESIGN.md: browser behaviour is tested in a real
 * browser), a site server that serves the built SDK and the test pages, and a recording stand-in
 * for the collector on another origin, as in production, that answers what a test tells it to.
 * One browser per test file; each test opens its own context (a fresh profile: storage, cache).
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium, launchChromiumProfile } from '@clickstream/chromium-local'
import type { CloudEvent } from '@clickstream/schema'
import type { ClickstreamOptions } from '../src/index.js'

/**
 * The builds under test, all from one source: the script tag with everything, the npm ESM build
 * (loaded as a module, as an app's bundler would ship it) and the core script tag (no
 * autocapture).
 */
export const BUILDS = ['tag', 'esm', 'core'] as const
export type Build = (typeof BUILDS)[number]

/** The builds that capture by themselves. */
export const FULL_BUILDS = ['tag', 'esm'] as const satisfies readonly Build[]

/** One request the collector stand-in received. */
export interface Received {
  /** The raw body, exactly as sent. */
  body: string
  events: CloudEvent[]
  status: number
  headers: IncomingHttpHeaders
  at: number
}

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8')

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/**
 * The collector stand-in. Each test gets its own path (`/r<n>`), so a beacon from the previous
 * test's closing page is never counted. It answers from `statuses` first, then `status`, with
 * `Retry-After` when `retryAfter` is set, and CORS headers as the real collector sends them.
 */
const createCollector = () => {
  let run = 0
  let waiters: (() => void)[] = []
  const collector = {
    url: '',
    received: [] as Received[],
    statuses: [] as number[],
    status: 200,
    retryAfter: undefined as string | undefined,
    preflights: 0,
    /** The events URL of the current test. */
    endpoint: () => `${collector.url}/r${run}/v1/events`,
    /** Every event the collector accepted (a 2xx answer), in arrival order. */
    events: () => collector.received.filter((r) => r.status < 300).flatMap((r) => r.events),
    reset: () => {
      run++
      collector.received = []
      collector.statuses = []
      collector.status = 200
      collector.retryAfter = undefined
      collector.preflights = 0
    },
    /** Resolves once `check` passes, re-checking whenever a request arrives; fails after `ms`. */
    until: async (check: () => void, ms = 10_000): Promise<void> => {
      const deadline = Date.now() + ms
      for (;;) {
        try {
          return check()
        } catch (error) {
          const left = deadline - Date.now()
          if (left <= 0) throw error
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(left, 250))
            waiters.push(() => {
              clearTimeout(timer)
              resolve()
            })
          })
        }
      }
    },
  }
  const server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Expose-Headers': 'Retry-After',
    }
    if (req.method === 'OPTIONS') {
      collector.preflights++
      return void res.writeHead(204, cors).end()
    }
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      if (req.url !== `/r${run}/v1/events`) return void res.writeHead(410, cors).end()
      const status = collector.statuses.shift() ?? collector.status
      let events: CloudEvent[] = []
      try {
        events = JSON.parse(body) as CloudEvent[]
      } catch {
        // Recorded as it came; the test looks at the raw body.
      }
      collector.received.push({ body, events, status, headers: req.headers, at: Date.now() })
      const headers = { ...cors, 'Content-Type': 'application/json' }
      if (status === 503 && collector.retryAfter)
        Object.assign(headers, { 'Retry-After': collector.retryAfter })
      res.writeHead(status, headers).end('{}')
      const woken = waiters
      waiters = []
      for (const wake of woken) wake()
    })
  })
  return { collector, server }
}

/** A test page: its body, SDK options, headers, and what runs before the SDK loads. */
export interface PageSpec {
  build: Build
  options?: ClickstreamOptions
  body?: string
  /** Script run before the SDK starts, in the page (after the snippet). */
  before?: string
  /** Extra response headers (a Content-Security-Policy). */
  headers?: Record<string, string>
  /** A nonce for the inline scripts, for a strict CSP. */
  nonce?: string
  /** The page's path; pages are served at any path under `/app/` (a single-page app). */
  path?: string
  title?: string
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())

/** The options as the script tag's `data-*` attributes. */
const attributes = (options: ClickstreamOptions) =>
  Object.entries(options)
    .map(([name, value]) => {
      const text = Array.isArray(value)
        ? value.join(' ')
        : typeof value == 'object'
          ? Object.entries(value)
              .filter(([, on]) => on)
              .map(([kind]) => kind)
              .join(' ') || 'false'
          : String(value)
      return ` data-${kebab(name)}="${text.replace(/"/g, '&quot;')}"`
    })
    .join('')

/** The HTML of a test page: the snippet, calls made before the SDK loads, the SDK, the body. */
const html = (spec: PageSpec, endpoint: string): string => {
  const options: ClickstreamOptions = { endpoint, flushInterval: 200, ...spec.options }
  const nonce = spec.nonce ? ` nonce="${spec.nonce}"` : ''
  const head = `<!doctype html><html><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${spec.title ?? 'Test page'}</title>
    <script${nonce}>${dist('snippet.js')}</script>
    ${spec.before ? `<script${nonce}>${spec.before}</script>` : ''}`
  const sdk =
    spec.build === 'esm'
      ? `<script type="module"${nonce}>
          import { createClickstream } from '/sdk/index.js'
          const api = createClickstream(${JSON.stringify(options)})
          const queued = window.clickstream.q || []
          // What an app would write: it calls the methods the API has.
          window.clickstream = (method, ...args) =>
            Object.hasOwn(api, method) ? api[method](...args) : undefined
          window.clickstream.loaded = true
          for (const args of queued) window.clickstream(...args)
        </script>`
      : `<script async src="/sdk/clickstream${spec.build === 'core' ? '.core' : ''}.iife.js"${attributes(options)}></script>`
  return `${head}${sdk}</head><body>${spec.body ?? ''}</body></html>`
}

/** The site: the built SDK under `/sdk/`, and the page of the current test at any other path. */
const createSite = (collector: ReturnType<typeof createCollector>['collector']) => {
  const site = { url: '', spec: { build: 'tag' } as PageSpec }
  const server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname
    if (path.startsWith('/sdk/')) {
      try {
        return void res
          .writeHead(200, { 'Content-Type': 'text/javascript' })
          .end(dist(path.slice('/sdk/'.length)))
      } catch {
        return void res.writeHead(404).end()
      }
    }
    if (path === '/favicon.ico') return void res.writeHead(404).end()
    try {
      const page = html(site.spec, collector.endpoint())
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...site.spec.headers })
        .end(page)
    } catch (error) {
      res.writeHead(500).end(String(error))
    }
  })
  return { site, server }
}

/** Everything a browser test file needs; `start()` in `beforeAll`, `stop()` in `afterAll`. */
export const createHarness = () => {
  const { collector, server: collectorServer } = createCollector()
  const { site, server: siteServer } = createSite(collector)
  let browser: Browser
  const contexts: BrowserContext[] = []
  /** Closes the browsers of `profile()` and removes their profiles. */
  const profiles: (() => Promise<void>)[] = []

  const harness = {
    collector,
    site,
    start: async () => {
      collector.url = await listen(collectorServer)
      site.url = await listen(siteServer)
      browser = await launchChromium()
    },
    stop: async () => {
      await harness.closeContexts()
      await browser?.close()
      collectorServer.closeAllConnections()
      siteServer.closeAllConnections()
      collectorServer.close()
      siteServer.close()
    },
    /** Before each test: a new collector path and a clean slate. */
    reset: async () => {
      await harness.closeContexts()
      collector.reset()
    },
    closeContexts: async () => {
      for (const context of contexts.splice(0)) await context.close().catch(() => {})
      for (const close of profiles.splice(0)) await close()
    },
    /** A fresh browser context (a fresh profile: no storage, no cache). */
    context: async (options: BrowserContextOptions = {}): Promise<BrowserContext> => {
      const context = await browser.newContext(options)
      contexts.push(context)
      return context
    },
    /**
     * A context of a browser launched with a fresh profile whose preferences are `preferences`:
     * real browser settings such as Do Not Track (`enable_do_not_track`).
     */
    profile: async (preferences: Record<string, unknown>): Promise<BrowserContext> => {
      const { context, close } = await launchChromiumProfile({ preferences })
      profiles.push(close)
      return context
    },
    /** Serves `spec` as the test's page and opens it in `context`; waits for the SDK. */
    open: async (
      context: BrowserContext,
      spec: PageSpec
    ): Promise<{ page: Page; errors: Error[]; logs: string[] }> => {
      site.spec = spec
      const page = await context.newPage()
      const errors: Error[] = []
      const logs: string[] = []
      page.on('pageerror', (error) => errors.push(error))
      page.on('console', (message) => logs.push(message.text()))
      await page.goto(`${site.url}${spec.path ?? '/app/'}`)
      await waitForSdk(page)
      return { page, errors, logs }
    },
  }
  return harness
}

/** Resolves once the SDK has started on `page` (`window.clickstream.loaded`). */
export const waitForSdk = (page: Page) =>
  page.waitForFunction(() => (window as { clickstream?: { loaded?: boolean } }).clickstream?.loaded)

/** Calls `clickstream(method, ...args)` in the page and waits for what it answers. */
export const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(
    ([method, args]) =>
      (window as unknown as { clickstream: (...a: unknown[]) => unknown }).clickstream(
        method,
        ...(args as unknown[])
      ),
    [method, args] as const
  )

/** The event types of `events`. */
export const typesOf = (events: CloudEvent[]) => events.map((e) => e.type)

/** The events of `type`. */
export const ofType = (events: CloudEvent[], type: string) => events.filter((e) => e.type === type)
