// @ts-check
/**
 * Serves the built single-page app (`dist/`, from `npm run build`) with the collector's URL
 * filled in, and answers every path that is not a file with `index.html`, as a single-page
 * app's host must (client-side routes such as `/products/blue-mug` are no files).
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('.', import.meta.url))
const DIST = join(ROOT, 'dist') + sep

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
}

/** @param {string} text */
const escapeAttribute = (text) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** Builds the app into `dist/` with Vite, as `npm run build -w @clickstream/example-spa` does. */
export const buildSpa = async () => {
  const { build } = await import('vite')
  await build({ root: ROOT, logLevel: 'warn' })
}

/**
 * Serves `dist/`; `port` 0 picks a free one.
 * @param {{ port?: number, host?: string, collectorUrl: string }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export const startSpa = async ({ port = 0, host = '127.0.0.1', collectorUrl }) => {
  const collector = escapeAttribute(collectorUrl.replace(/\/+$/, ''))
  const index = async () =>
    (await readFile(join(DIST, 'index.html'), 'utf8')).replaceAll('{{COLLECTOR_URL}}', collector)
  const server = createServer((req, res) => {
    const path = normalize(
      join(DIST, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    )
    const type = CONTENT_TYPES[/** @type {'.js'} */ (extname(path))]
    const file = path.startsWith(DIST) && type && !path.endsWith(`${sep}index.html`)
    ;(file ? readFile(path) : index()).then(
      (body) =>
        res.writeHead(200, { 'Content-Type': file ? type : CONTENT_TYPES['.html'] }).end(body),
      () =>
        res
          .writeHead(file ? 404 : 503)
          .end(
            file
              ? 'Not found\n'
              : 'Build the app first: npm run build -w @clickstream/example-spa\n'
          )
    )
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve(undefined))
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise((done, fail) => {
        server.close((error) => (error ? fail(error) : done()))
        server.closeAllConnections()
      }),
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const collectorUrl = process.env.COLLECTOR_URL ?? 'http://127.0.0.1:8080'
  const spa = await startSpa({
    port: Number(process.env.PORT ?? 3001),
    host: process.env.HOST ?? '127.0.0.1',
    collectorUrl,
  })
  console.log(`Example single-page app: ${spa.url} (collector ${collectorUrl})`)
  const stop = () => void spa.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
