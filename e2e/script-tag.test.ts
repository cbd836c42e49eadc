import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchChromiumProfile, type ChromiumProfile } from '@clickstream/chromium-local'
import { startCollectorServer, type CollectorServer } from '@clickstream/collector'
import { startSite } from '@clickstream/example-script-tag-site'
import { EVENT_TYPES } from '@clickstream/schema'
import { createTopic, readEvents, type ReadEvent } from './helpers/kafka.js'

const brokers = inject('kafkaBrokers')

describe('script tag → collector → Kafka, in real Chromium', () => {
  const topic = `e2e.script-tag.${randomUUID()}`
  let collector: CollectorServer
  let site: Awaited<ReturnType<typeof startSite>>
  let browser: ChromiumProfile
  // Each collector owns its spool directory (a lock file guards it).
  const spoolDir = mkdtempSync(join(tmpdir(), 'clickstream-e2e-spool-'))

  beforeAll(async () => {
    await createTopic(brokers, topic)
    collector = await startCollectorServer({
      port: 0,
      host: '127.0.0.1',
      brokers: brokers.split(','),
      topic,
      spoolDir,
      logger: pino({ level: 'warn' }),
    })
    site = await startSite({ collectorUrl: collector.url })
    browser = await launchChromiumProfile()
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await collector?.close()
    rmSync(spoolDir, { recursive: true, force: true })
  })

  it('delivers page views, clicks and custom actions of one session, including the beacon on close', async () => {
    const page = await browser.context.newPage()
    await page.goto(`${site.url}/`)
    await page.click('a[href="/products/blue-mug.html"]')
    await page.waitForURL('**/products/blue-mug.html')
    await page.click('#add-to-cart')
    await page.evaluate(() => {
      ;(globalThis as unknown as { clickstream: (...args: unknown[]) => void }).clickstream(
        'track',
        'checkout_started',
        { step: 1 }
      )
    })
    // Closing the tab fires pagehide: the SDK sends what is still queued with sendBeacon.
    const closedAt = Date.now()
    await page.close({ runBeforeUnload: true })

    const expected = [
      { type: EVENT_TYPES.pageView, subject: '/' },
      { type: EVENT_TYPES.action, subject: '/', name: 'promo_seen' },
      { type: EVENT_TYPES.click, subject: '/' },
      { type: EVENT_TYPES.pageView, subject: '/products/blue-mug.html' },
      { type: EVENT_TYPES.click, subject: '/products/blue-mug.html' },
      { type: EVENT_TYPES.action, subject: '/products/blue-mug.html', name: 'add_to_cart' },
      { type: EVENT_TYPES.action, subject: '/products/blue-mug.html', name: 'checkout_started' },
    ]
    const read = await readEvents(brokers, topic, (events) => events.length >= expected.length)
    // Nothing more than expected arrives (a duplicate or a stray event would show here).
    const late = await readEvents(
      brokers,
      topic,
      (events) => events.length > expected.length,
      2_000
    ).catch(() => undefined)
    expect(late, 'more events than expected reached the topic').toBeUndefined()

    const events = [...read].sort((a, b) => seq(a) - seq(b))
    expect(events.map(({ event }) => event.type)).toEqual(expected.map((e) => e.type))
    expect(events.map(({ event }) => event.subject)).toEqual(expected.map((e) => e.subject))
    expect(events.map(({ event }) => actionName(event.data))).toEqual(expected.map((e) => e.name))

    // One visitor, one session, numbered in capture order without gaps.
    const first = events[0]!.event
    for (const { event, key } of events) {
      expect(event.anonymousid).toBe(first.anonymousid)
      expect(event.sessionid).toBe(first.sessionid)
      expect(key).toBe(first.sessionid)
      expect(event.source).toBe(site.url)
    }
    expect(events.map(seq)).toEqual(expected.map((_, index) => index + 1))
    expect(new Set(events.map(({ event }) => event.id)).size).toBe(expected.length)

    // The click carries the element descriptor, data-cs-* attributes included.
    const addToCart = events[4]!.event.data as { element: Record<string, unknown> }
    expect(addToCart.element).toMatchObject({
      tag: 'button',
      id: 'add-to-cart',
      selector: '#add-to-cart',
      text: 'Add to cart',
      attributes: { action: 'add_to_cart', product: 'blue-mug' },
    })
    // The second page's events were still queued (no batch was full, no interval had passed)
    // and reached the collector only when the tab closed: the pagehide beacon carried them.
    for (const { event } of events.slice(3)) {
      expect(Date.parse(String(event.receivedat))).toBeGreaterThanOrEqual(closedAt - 5)
    }
  })
})

function seq({ event }: ReadEvent): number {
  return Number(event.seq)
}

function actionName(data: unknown): string | undefined {
  return (data as { name?: unknown } | undefined)?.name as string | undefined
}
