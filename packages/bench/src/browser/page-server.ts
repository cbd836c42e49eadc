import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ROUTES } from '@clickstream/schema'
import { REFERENCE_TAG } from './reference-tag.js'

/** Buttons on the test page; clicks cycle through them so no two in a row hit the same spot. */
export const BUTTONS = 200

/** The page's global with the milliseconds its `fetch` calls took, the tag's requests. */
export const FETCH_MS = '__benchFetchMs'

/** How the page loads the tag. */
export interface TagOptions {
  /** The collector's events URL (`data-endpoint`), `…/v1/events`. */
  endpoint: string
  /**
   * `data-batch-size`.
   * @defaultValue the SDK's default
   */
  batchSize?: number
  /**
   * Which tag the page loads: the SDK's, or the reference tag (`reference-tag.ts`), the least a
   * batching tag does, which the main-thread benchmark measures beside it.
   * @defaultValue `'clickstream'`
   */
  tag?: TagKind
}

/** The tags the page server serves. */
export type TagKind = 'clickstream' | 'reference'

export const TAG_PATHS: Record<TagKind, string> = {
  clickstream: '/clickstream.iife.js',
  reference: '/reference-tag.js',
}

/** A loopback server for the browser benchmarks: the page, the tag, and a stand-in collector. */
export interface PageServer {
  readonly url: string
  /** URL of the page without the tag, or with it when `tag` is given. */
  pageUrl(tag?: TagOptions): string
  /**
   * Events of `type` (of every type without one) the stand-in collector (`POST /v1/events` here)
   * has received so far.
   */
  received(type?: string): number
  /** Requests the stand-in collector has received so far. */
  requests(): number
  /** Resolves once the stand-in collector has received `count` events of `type` in total. */
  waitForEvents(type: string, count: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

function page(tag: TagOptions | undefined): string {
  const buttons = Array.from(
    { length: BUTTONS },
    (_, index) =>
      `<button id="b${index}" class="btn product-card__cta" data-cs-product="${index}">Add item ${index} to cart</button>`
  ).join('\n')
  const script = tag
    ? `<script async src="${TAG_PATHS[tag.tag ?? 'clickstream']}" data-endpoint="${tag.endpoint}"${
        tag.batchSize ? ` data-batch-size="${tag.batchSize}"` : ''
      }></script>`
    : ''
  // The same document with and without the tag: only the tag's script element differs. The
  // buttons update a cart line, as a shop's do: a click that changes nothing would also make
  // the SDK report a dead click. The first script times the page's `fetch` calls (the tag's
  // requests; it holds on to the `fetch` of its start): the share of the browser's request
  // handling in what the tag costs.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bench shop</title>
<style>
body { margin: 0; font: 14px sans-serif }
main { display: grid; grid-template-columns: repeat(20, 56px); gap: 4px; padding: 8px }
button { width: 56px; height: 40px; font-size: 9px; overflow: hidden }
</style>
<script>
window.${FETCH_MS} = 0
const pageFetch = window.fetch
window.fetch = function (...args) {
  const start = performance.now()
  try {
    return pageFetch.apply(this, args)
  } finally {
    window.${FETCH_MS} += performance.now() - start
  }
}
</script>
${script}
</head>
<body>
<p id="cart">0 items</p>
<main>
${buttons}
</main>
<script>
let items = 0
document.querySelector('main').addEventListener('click', (event) => {
  if (event.target.tagName === 'BUTTON') document.getElementById('cart').textContent = ++items + ' items'
})
</script>
</body>
</html>`
}

async function readJson(request: IncomingMessage): Promise<unknown[]> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  return Array.isArray(body) ? body : [body]
}

/** Starts the page server on 127.0.0.1; the tag file is the built `sdk/dist/clickstream.iife.js`. */
export async function startPageServer(tagFile: string): Promise<PageServer> {
  const tag = await readFile(tagFile)
  const scripts = new Map<string, Buffer | string>([
    [TAG_PATHS.clickstream, tag],
    [TAG_PATHS.reference, REFERENCE_TAG],
  ])
  const counts = new Map<string, number>()
  let total = 0
  let requests = 0
  const received = (type?: string) => (type === undefined ? total : (counts.get(type) ?? 0))
  let waiters: { type: string; count: number; resolve: () => void }[] = []
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (request.method === 'POST' && url.pathname === ROUTES.events) {
      readJson(request).then(
        (events) => {
          requests++
          total += events.length
          for (const event of events) {
            const type = String((event as { type?: unknown }).type)
            counts.set(type, received(type) + 1)
          }
          waiters = waiters.filter((waiter) => {
            if (received(waiter.type) < waiter.count) return true
            waiter.resolve()
            return false
          })
          response.writeHead(200, { 'content-type': 'application/json' })
          response.end(JSON.stringify({ accepted: events.length, rejected: [] }))
        },
        () => {
          response.writeHead(400).end()
        }
      )
      return
    }
    const script = scripts.get(url.pathname)
    if (script !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
      return
    }
    if (url.pathname === '/page.html') {
      const endpoint = url.searchParams.get('endpoint')
      const batchSize = Number(url.searchParams.get('batchSize')) || undefined
      const tag = url.searchParams.get('tag') === 'reference' ? 'reference' : undefined
      const html = page(endpoint ? { endpoint, batchSize, tag } : undefined)
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
      return
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    pageUrl(options) {
      if (!options) return `${base}/page.html`
      const query = new URLSearchParams({ endpoint: options.endpoint })
      if (options.batchSize) query.set('batchSize', String(options.batchSize))
      if (options.tag) query.set('tag', options.tag)
      return `${base}/page.html?${query}`
    },
    received,
    requests: () => requests,
    waitForEvents(type, count, timeoutMs = 15_000) {
      if (received(type) >= count) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`${received(type)} of ${count} ${type} arrived in ${timeoutMs} ms`)),
          timeoutMs
        )
        waiters.push({
          type,
          count,
          resolve: () => {
            clearTimeout(timer)
            resolve()
          },
        })
      })
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
