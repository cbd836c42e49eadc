// @ts-check
/**
 * The example shop: static pages from `public/` that load the Clickstream tag, with the
 * collector's URL filled in at serve time, and the tag itself from `@clickstream/sdk`.
 */
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const PUBLIC = fileURLToPath(new URL('public/', import.meta.url))
const TAG = fileURLToPath(import.meta.resolve('@clickstream/sdk/tag'))

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
}

/** @param {string} text */
const escapeAttribute = (text) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/**
 * Reads a file, or answers undefined when there is none.
 * @param {string} path
 */
const readIfExists = async (path) => {
  try {
    return await readFile(path)
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * The site as a Hono app.
 * @param {{ collectorUrl: string }} options
 */
export const createSiteApp = ({ collectorUrl }) => {
  const collector = escapeAttribute(collectorUrl.replace(/\/+$/, ''))
  const app = new Hono()

  // The tag and its source map, read on each request so a rebuilt SDK shows without a restart.
  for (const [path, file] of [
    ['/clickstream.js', TAG],
    ['/clickstream.iife.js.map', `${TAG}.map`],
  ]) {
    app.get(path, async (c) => {
      const body = await readIfExists(file)
      if (!body) return c.text('Build the SDK first: npm run build -w @clickstream/sdk\n', 503)
      return c.body(body, 200, {
        'Content-Type': CONTENT_TYPES[/** @type {'.js'} */ (extname(file))],
        'Cache-Control': 'no-store',
      })
    })
  }

  // Post/redirect/get: what the shopper typed stays out of every URL, and so out of analytics.
  app.post('/order', (c) => c.redirect('/thanks.html', 303))

  app.get('*', async (c) => {
    let path = decodeURIComponent(new URL(c.req.url).pathname)
    if (path.endsWith('/')) path += 'index.html'
    const file = normalize(join(PUBLIC, path))
    if (!file.startsWith(PUBLIC) || file.includes(`${sep}.`)) return c.notFound()
    const body = await readIfExists(file)
    if (!body) return c.notFound()
    const type = CONTENT_TYPES[/** @type {'.html'} */ (extname(file))] ?? 'application/octet-stream'
    if (extname(file) !== '.html') return c.body(body, 200, { 'Content-Type': type })
    return c.html(body.toString('utf8').replaceAll('{{COLLECTOR_URL}}', collector))
  })

  return app
}

/**
 * Starts the site; `port` 0 picks a free one.
 * @param {{ port?: number, host?: string, collectorUrl: string }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export const startSite = ({ port = 0, host = '127.0.0.1', collectorUrl }) =>
  new Promise((resolve, reject) => {
    const server = serve({ fetch: createSiteApp({ collectorUrl }).fetch, port, hostname: host })
    server.once('error', reject)
    server.once('listening', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address())
      const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address
      resolve({
        url: `http://${hostname}:${address.port}`,
        close: () =>
          new Promise((done, fail) => {
            server.close((error) => (error ? fail(error) : done()))
            // Browsers keep connections alive; do not wait for them to go idle.
            if ('closeAllConnections' in server) server.closeAllConnections()
          }),
      })
    })
  })

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const site = await startSite({
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
    collectorUrl: process.env.COLLECTOR_URL ?? 'http://127.0.0.1:8080',
  })
  console.log(
    `Example shop: ${site.url} (collector ${process.env.COLLECTOR_URL ?? 'http://127.0.0.1:8080'})`
  )
  const stop = () => void site.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
