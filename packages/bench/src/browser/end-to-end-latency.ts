import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { EVENT_TYPES, ROUTES } from '@clickstream/schema'
import { decodeRecord } from '@clickstream/consumer'
import { Kafka, logLevel } from 'kafkajs'
import type { Browser } from 'playwright-core'
import { percentile } from '../system/stats.js'
import { buttonCenters } from './button-centers.js'
import type { PageServer } from './page-server.js'

/** How {@link measureEndToEndLatency} runs. */
export interface EndToEndOptions {
  browser: Browser
  pages: PageServer
  /** Base URL of a collector that writes to `topic`. */
  collectorUrl: string
  brokers: string[]
  topic: string
  clicks: number
  /** `data-batch-size` of the tag: 1 sends every event at once. */
  batchSize: number
}

/** Latency percentiles, in ms. */
export interface Percentiles {
  p50: number
  p90: number
  p99: number
  max: number
}

/** Click-to-consumer latency, and where the time goes (medians of each leg). */
export interface EndToEndLatency {
  clicks: number
  /** Clicks whose event did not reach the consumer within `CLICK_TIMEOUT_MS`. */
  lost: number
  batchSize: number
  /** From just before `page.mouse.click` to the record handed to the consumer's `eachMessage`. */
  total: Percentiles
  /** Median ms from the click to the SDK's capture `time` (ms resolution, same clock). */
  clickToCaptureMs: number
  /** Median ms from the capture `time` to the collector's `receivedat`. */
  captureToCollectorMs: number
  /** Median ms from `receivedat` to the consumer (produce, acks=all, fetch). */
  collectorToConsumerMs: number
}

/** How long one click may take to reach the consumer before it counts as lost. */
export const CLICK_TIMEOUT_MS = 20_000

/**
 * Clicks real buttons in Chromium, one at a time, and times each click until a Kafka consumer
 * reads its event: the tag (with `data-batch-size`) → the real collector → Kafka (acks=all) →
 * a kafkajs consumer. The next click waits for the previous event, so no queue builds up.
 */
export async function measureEndToEndLatency(options: EndToEndOptions): Promise<EndToEndLatency> {
  const { browser, pages, collectorUrl, brokers, topic, clicks, batchSize } = options
  const kafka = new Kafka({
    brokers,
    clientId: 'clickstream-bench-e2e',
    logLevel: logLevel.NOTHING,
  })
  const consumer = kafka.consumer({ groupId: `bench-e2e-${randomUUID()}`, maxWaitTimeInMs: 100 })
  const arrivals = new Map<string, { at: number; time: number; receivedAt: number }>()
  const waiters = new Map<string, () => void>()
  let pageViews = 0
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve())
  )
  await consumer.connect()
  const context = await browser.newContext()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const at = performance.now()
        // Decoded as a consumer of ours does, in whichever mode the collector writes.
        const { event } = decodeRecord<{ element?: { id?: string } }>({
          topic,
          partition,
          ...message,
        })
        if (event.type === EVENT_TYPES.pageView) pageViews++
        if (event.type !== EVENT_TYPES.click) return
        const id = event.data?.element?.id
        if (!id) return
        arrivals.set(id, {
          at,
          time: Date.parse(event.time ?? ''),
          receivedAt: Date.parse(String(event.receivedat ?? '')),
        })
        waiters.get(id)?.()
      },
    })
    await joined

    const page = await context.newPage()
    await page.goto(pages.pageUrl({ endpoint: `${collectorUrl}${ROUTES.events}`, batchSize }))
    // The page view of the load reaches the topic first: the whole path is up and warm.
    const deadline = Date.now() + 30_000
    while (pageViews === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    if (pageViews === 0) throw new Error('the page view never reached Kafka')
    const centers = await buttonCenters((expression) => page.evaluate(expression))

    const legs = {
      clickToCapture: [] as number[],
      captureToCollector: [] as number[],
      toConsumer: [] as number[],
    }
    // Resolves with the ms from the click to the consumer, or undefined after the timeout.
    const clickAndWait = async (button: number): Promise<number | undefined> => {
      const id = `b${button}`
      arrivals.delete(id)
      let timer: NodeJS.Timeout | undefined
      const arrived = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), CLICK_TIMEOUT_MS)
        waiters.set(id, () => resolve(true))
      })
      const { x, y } = centers[button]!
      const clickedAt = performance.now()
      await page.mouse.click(x, y)
      const ok = await arrived
      clearTimeout(timer)
      waiters.delete(id)
      if (!ok) return undefined
      const arrival = arrivals.get(id)!
      legs.clickToCapture.push(arrival.time - (performance.timeOrigin + clickedAt))
      legs.captureToCollector.push(arrival.receivedAt - arrival.time)
      legs.toConsumer.push(performance.timeOrigin + arrival.at - arrival.receivedAt)
      return arrival.at - clickedAt
    }

    // One unmeasured click on the last button first: the SDK listens and the producer is warm.
    const warmUp = centers.length - 1
    if ((await clickAndWait(warmUp)) === undefined) {
      throw new Error(`the warm-up click never reached Kafka within ${CLICK_TIMEOUT_MS} ms`)
    }
    legs.clickToCapture.length = legs.captureToCollector.length = legs.toConsumer.length = 0

    const totals: number[] = []
    let lost = 0
    for (let index = 0; index < clicks; index++) {
      // Never the same button twice in a row: the SDK may treat that as a double or rage click.
      const ms = await clickAndWait(index % warmUp)
      if (ms === undefined) lost++
      else totals.push(ms)
    }
    if (totals.length === 0) throw new Error(`none of ${clicks} clicks reached Kafka`)
    return {
      clicks,
      lost,
      batchSize,
      total: {
        p50: percentile(totals, 50),
        p90: percentile(totals, 90),
        p99: percentile(totals, 99),
        max: Math.max(...totals),
      },
      clickToCaptureMs: percentile(legs.clickToCapture, 50),
      captureToCollectorMs: percentile(legs.captureToCollector, 50),
      collectorToConsumerMs: percentile(legs.toConsumer, 50),
    }
  } finally {
    await context.close()
    await consumer.disconnect()
  }
}
