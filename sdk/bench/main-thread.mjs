// @ts-check
/**
 * Main-thread time per captured event, in real Chromium. Not a test: it reports, it asserts
 * nothing.
 *
 * Two copies of one page, one with the script tag (`dist/clickstream.iife.js`, all autocapture
 * on, sending to a local sink) and one without, take the same clicks on 24 buttons (far apart, so
 * no rage clicks; each changes the DOM, so no dead clicks). Chromium counts the main thread's CPU
 * time (`Performance.getMetrics` in thread ticks: `TaskDuration` for all its work, `ScriptDuration`
 * for JavaScript), so other processes on the machine do not count; the difference between the two
 * pages, divided by the events the sink received, is the tag's cost per event: capture, element
 * descriptor, rage and dead click detection, CloudEvent, session, queue, persistence, batching and
 * sending, and the style and layout work it causes.
 *
 * Two kinds of clicks:
 * - real clicks, CDP input through `page.mouse`, as in the browser tests. Each costs the page a
 *   millisecond or more (input, hit testing, style, paint), which varies from click to click by
 *   more than the tag's share: the median of several rounds is reported with its spread.
 * - the same clicks dispatched by the page itself (`HTMLElement.click()`) back to back: no input
 *   pipeline and no rendering between them, so the difference is the tag's own work, measured
 *   precisely.
 *
 *   npm run build -w @clickstream/sdk
 *   node sdk/bench/main-thread.mjs [clicks=300] [rounds=5]
 *
 * `BENCH_ATTRS='data-autocapture="clicks"'` adds attributes to the tag, to compare configurations.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { chromium } from 'playwright-core'

const CLICKS = Number(process.argv[2] ?? 300)
const ROUNDS = Number(process.argv[3] ?? 5)
/** Clicks the page dispatches itself, per round: more, since each costs far less. */
const HOT_CLICKS = CLICKS * 5
const TARGET_US = 20
const SDK = 'clickstream.iife.js'
const tag = readFileSync(new URL(`../dist/${SDK}`, import.meta.url), 'utf8')

let received = 0
let requests = 0
const sink = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    if (req.method === 'POST') {
      received += JSON.parse(body).length
      requests++
    }
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('{}')
  })
})

const html = (endpoint) => `<!doctype html><title>Bench</title>
  <style>body { margin: 0; display: grid; grid-template-columns: repeat(6, 120px); gap: 40px;
    padding: 40px } button { height: 60px }</style>
  ${Array.from({ length: 24 }, (_, i) => `<button id="b${i}" class="btn" data-cs-product="p${i}">Product ${i}</button>`).join('')}
  <script>for (const b of document.querySelectorAll('button'))
    b.addEventListener('click', () => b.classList.toggle('on'))</script>
  ${endpoint ? `<script src="/${SDK}" data-endpoint="${endpoint}" ${process.env.BENCH_ATTRS ?? ''}></script>` : ''}`

const site = createServer((req, res) => {
  if (req.url === `/${SDK}`)
    return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(tag)
  const endpoint = new URL(req.url ?? '/', 'http://x').searchParams.get('sdk')
  res.writeHead(200, { 'Content-Type': 'text/html' }).end(html(endpoint))
})

/** @param {import('node:http').Server} server */
const listen = (server) =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(
        `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`
      )
    )
  )
const sinkUrl = await listen(sink)
const siteUrl = await listen(site)

const browser = await chromium.launch({
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

/** Main-thread CPU time (µs) of `act`, by Chromium's counters, and the events it sent. */
const measure = async (cdp, act) => {
  const metrics = async () =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])
    )
  received = requests = 0
  const before = await metrics()
  await act()
  const after = await metrics()
  return {
    task: (after.TaskDuration - before.TaskDuration) * 1e6,
    script: (after.ScriptDuration - before.ScriptDuration) * 1e6,
    events: received,
    requests,
  }
}

/** One page, with or without the tag: real clicks, then clicks the page dispatches. */
const run = async (withSdk) => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } })
  const page = await context.newPage()
  await page.goto(`${siteUrl}/${withSdk ? `?sdk=${encodeURIComponent(sinkUrl)}` : ''}`)
  if (withSdk) await page.waitForFunction(() => globalThis.clickstream?.loaded)
  const centres = await page.$$eval('button', (buttons) =>
    buttons.map((b) => {
      const box = b.getBoundingClientRect()
      return [box.x + box.width / 2, box.y + box.height / 2]
    })
  )
  const flush = () => page.evaluate(() => globalThis.clickstream?.('flush'))
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  // Warm up: JIT, first layout, first send.
  for (let i = 0; i < 48; i++) await page.mouse.click(...centres[(i * 7) % centres.length])
  await flush()
  const real = await measure(cdp, async () => {
    for (let i = 0; i < CLICKS; i++) await page.mouse.click(...centres[(i * 7) % centres.length])
    await flush()
  })
  const hot = await measure(cdp, async () => {
    // In tasks of 100 clicks, each followed by a send, as a page would see them in a burst.
    for (let done = 0; done < HOT_CLICKS; done += 100) {
      await page.evaluate((from) => {
        const buttons = [...globalThis.document.querySelectorAll('button')]
        for (let i = from; i < from + 100; i++) buttons[(i * 7) % buttons.length].click()
      }, done)
      await flush()
    }
    // Let the last request's answer be handled inside the measurement.
    await page.waitForTimeout(100)
  })
  await context.close()
  return { real, hot }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const rounds = []
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which page goes first, so neither always runs on a warmer browser.
  const first = await run(round % 2 === 0)
  const second = await run(round % 2 !== 0)
  rounds.push(round % 2 === 0 ? { sdk: first, base: second } : { sdk: second, base: first })
}
await browser.close()
sink.close()
site.close()

const us = (n) => `${n.toFixed(1)} µs`
const report = (kind, clicks, label) => {
  const per = (key) =>
    rounds.map(({ sdk, base }) => (sdk[kind][key] - base[kind][key]) / sdk[kind].events)
  const tasks = per('task')
  const { events, requests } = rounds[0].sdk[kind]
  console.log(`  ${label}: ${clicks} clicks a round, ${events} events sent in ${requests} requests`)
  console.log(
    `    main thread per event: ${us(median(tasks))} (rounds: ${tasks.map(us).join(', ')})`
  )
  console.log(`    JavaScript per event:  ${us(median(per('script')))}`)
  const perClick = (page) => us(median(rounds.map((r) => r[page][kind].task / clicks)))
  console.log(
    `    main thread per click: ${perClick('sdk')} with the tag, ${perClick('base')} without`
  )
}
console.log(
  `Chromium ${browser.version()}; medians of ${ROUNDS} rounds; target ≤ ${TARGET_US} µs per event`
)
report('real', CLICKS, 'real clicks (CDP input)')
report('hot', HOT_CLICKS, 'clicks dispatched by the page')
