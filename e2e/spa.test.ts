import { randomUUID } from 'node:crypto'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchChromiumProfile, type ChromiumProfile } from '@clickstream/chromium-local'
import { startCollectorServer, type CollectorServer } from '@clickstream/collector'
import { buildSpa, startSpa } from '@clickstream/example-spa'
import { EVENT_TYPES } from '@clickstream/schema'
import { createTopic, readEvents, type ReadEvent } from './helpers/kafka.js'

const brokers = inject('kafkaBrokers')

interface PageView {
  url: string
  path: string
  title?: string
  navigation?: string
  previous?: { path: string; durationMs: number; maxScrollDepth: number }
}

describe('single-page app (Vite, npm package) → collector → Kafka, in real Chromium', () => {
  const topic = `e2e.spa.${randomUUID()}`
  let collector: CollectorServer
  let spa: Awaited<ReturnType<typeof startSpa>>
  let browser: ChromiumProfile

  beforeAll(async () => {
    // The app as `npm run build -w @clickstream/example-spa` builds it, SDK from npm included.
    await buildSpa()
    await createTopic(brokers, topic)
    collector = await startCollectorServer({
      port: 0,
      host: '127.0.0.1',
      brokers: brokers.split(','),
      topic,
      logger: pino({ level: 'warn' }),
    })
    spa = await startSpa({ collectorUrl: collector.url })
    browser = await launchChromiumProfile()
  })

  afterAll(async () => {
    await browser?.close()
    await spa?.close()
    await collector?.close()
  })

  it('records a page view for every client-side route, with the page it left', async () => {
    const page = await browser.context.newPage()
    // The tag records a navigation's page view from a timer (navigations within one task make one
    // view); a timer set after the URL changed runs after it. Navigating or closing before then,
    // as a busy machine may let the test do, would fold two views into one or lose the last.
    const arrive = async (url: string) => {
      await page.waitForURL(url)
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)))
    }
    await page.goto(`${spa.url}/`)
    await page.waitForTimeout(300)
    await page.click('#shop-now')
    await arrive('**/products')
    await page.click('#q')
    await page.keyboard.type('mug')
    await page.click('#search button')
    await arrive('**/products?q=mug')
    await page.click('a.product-link')
    await arrive('**/products/blue-mug')
    await page.click('#add-to-cart')
    await page.goBack()
    await arrive('**/products?q=mug')
    await page.click('header a[href="/about"]')
    await arrive('**/about')
    await page.close({ runBeforeUnload: true })

    const views = (events: ReadEvent[]) =>
      events.filter(({ event }) => event.type === EVENT_TYPES.pageView)
    const read = await readEvents(brokers, topic, (events) => views(events).length >= 6)
    const pageViews = views(read)
      .sort((a, b) => Number(a.event.seq) - Number(b.event.seq))
      .map(({ event }) => event.data as PageView)
    expect(pageViews.map((v) => [v.navigation, v.path, v.title])).toEqual([
      ['load', '/', 'Home · Fernwood Goods'],
      ['push', '/products', 'Products · Fernwood Goods'],
      ['replace', '/products', 'Products · Fernwood Goods'],
      ['push', '/products/blue-mug', 'Blue stoneware mug · Fernwood Goods'],
      ['pop', '/products', 'Products · Fernwood Goods'],
      ['push', '/about', 'About · Fernwood Goods'],
    ])
    // The search term stays out of analytics: only UTM parameters survive in URLs.
    expect(pageViews[2]!.url).toBe(`${spa.url}/products`)
    expect(pageViews.slice(1).map((v) => v.previous?.path)).toEqual([
      '/',
      '/products',
      '/products',
      '/products/blue-mug',
      '/products',
    ])
    expect(pageViews[1]!.previous!.durationMs).toBeGreaterThanOrEqual(250)
    const sessions = new Set(read.map(({ event }) => event.sessionid))
    expect(sessions.size).toBe(1)
    const actions = read
      .filter(({ event }) => event.type === EVENT_TYPES.action)
      .map(({ event }) => (event.data as { name: string }).name)
    expect(actions.sort()).toEqual(['add_to_cart', 'cart_updated'])
    expect(JSON.stringify(read.map(({ event }) => event.data))).not.toContain('"mug"')
  })
})
