import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PublishError, QueueFullError, SpoolError } from '../errors.js'
import { createMetrics } from '../metrics.js'
import type { DeliveryMode, KafkaRecord } from '../publisher.js'
import { openSpool, type SpoolOptions } from '../spool/spool.js'
import { createMemoryKafka } from '../testing/memory-kafka.js'
import { createDurablePublisher, type DurablePublisherOptions } from './durable-publisher.js'

let counter = 0
const record = (delivery?: DeliveryMode): KafkaRecord => {
  counter++
  return {
    topic: 'clickstream.events',
    key: 'session-1',
    value: `{"n":${counter}}`,
    headers: { ce_id: `id-${counter}`, ce_source: 'https://shop.example' },
    ...(delivery && { delivery }),
  }
}
const ids = (records: readonly KafkaRecord[]) => records.map((r) => r.headers.ce_id)

let dir: string
const cleanup: (() => Promise<void>)[] = []

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'durable-test-'))
})

afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close()
  await rm(dir, { recursive: true, force: true })
})

async function setup(
  options: { spool?: Omit<SpoolOptions, 'dir'> | false } & Omit<
    Partial<DurablePublisherOptions>,
    'spool'
  > = {}
) {
  const { spool: spoolOptions, ...rest } = options
  const kafka = createMemoryKafka()
  const spool = spoolOptions === false ? undefined : await openSpool({ dir, ...spoolOptions })
  const metrics = createMetrics()
  const publisher = createDurablePublisher({
    kafka,
    spool,
    metrics,
    // Replay retries every few ms instead of backing off for seconds.
    replayRetry: { sleep: (_ms, signal) => sleep(5, undefined, { signal }) },
    ...rest,
  })
  cleanup.push(() => publisher.close())
  const metric = async (name: string) => {
    const line = (await metrics.registry.metrics())
      .split('\n')
      .find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    return Number(line?.split(' ').at(-1))
  }
  return { kafka, spool, publisher, metric }
}

describe('createDurablePublisher', () => {
  it('resolves once Kafka acknowledged, spooling nothing while Kafka works', async () => {
    const { kafka, spool, publisher } = await setup()
    const batch = [record(), record('exactly-once')]
    await publisher.publish(batch)
    expect(ids(kafka.records)).toEqual(ids(batch))
    expect(spool!.isEmpty).toBe(true)
    expect(publisher.readiness()).toEqual({
      ready: true,
      kafka: 'available',
      spool: 'available',
      backlog: false,
      stopping: false,
    })
  })

  it('spools what Kafka refuses, then replays it in order once Kafka is back', async () => {
    const { kafka, spool, publisher, metric } = await setup()
    kafka.failWith(new PublishError('Kafka did not acknowledge within 10000 ms'))
    const first = [record(), record()]
    await publisher.publish(first)
    // Behind the backlog, later records go to the spool too, without trying Kafka first.
    const callsBefore = kafka.calls
    const second = [record()]
    await publisher.publish(second)
    expect(spool!.isEmpty).toBe(false)
    expect(await metric('clickstream_events_spooled_total')).toBe(3)
    expect(publisher.readiness()).toMatchObject({ ready: true, kafka: 'unavailable' })

    kafka.failWith(undefined)
    await publisher.replayed()
    expect(ids(kafka.records)).toEqual(ids([...first, ...second]))
    expect(kafka.calls).toBeGreaterThan(callsBefore)
    expect(spool!.isEmpty).toBe(true)
    expect(await metric('clickstream_events_replayed_total')).toBe(3)
    expect(publisher.readiness()).toMatchObject({ ready: true, kafka: 'available' })

    // Caught up: straight to Kafka again.
    const third = [record()]
    await publisher.publish(third)
    expect(ids(kafka.records).at(-1)).toBe(third[0]!.headers.ce_id)
    expect(spool!.isEmpty).toBe(true)
  })

  it('spools at once when the produce queue is full', async () => {
    const { kafka, spool, publisher } = await setup()
    kafka.failWith(new QueueFullError(1024))
    await publisher.publish([record()])
    expect(spool!.isEmpty).toBe(false)
  })

  it('rejects with spool_full, and is not ready, when neither Kafka nor the spool can take more', async () => {
    const { kafka, publisher } = await setup({ spool: { maxBytes: 64 * 1024 } })
    kafka.failWith(new PublishError('down'))
    const big = { ...record(), value: 'x'.repeat(40 * 1024) }
    await publisher.publish([big])
    await expect(publisher.publish([{ ...big }])).rejects.toBeInstanceOf(SpoolError)
    expect(publisher.readiness()).toEqual({
      ready: false,
      kafka: 'unavailable',
      spool: 'full',
      backlog: true,
      stopping: false,
    })
  })

  it('without a spool, rethrows and reports Kafka unavailable until a retry is due', async () => {
    let now = 1_000_000
    const { kafka, publisher } = await setup({
      spool: false,
      clock: () => now,
      kafkaRetryAfterMs: 5_000,
    })
    const failure = new PublishError('down')
    kafka.failWith(failure)
    await expect(publisher.publish([record()])).rejects.toBe(failure)
    expect(publisher.readiness()).toMatchObject({
      ready: false,
      kafka: 'unavailable',
      spool: 'off',
    })
    now += 5_000
    expect(publisher.readiness()).toMatchObject({ ready: true, kafka: 'available' })
  })

  it('sends at-most-once records without waiting and drops, never spools, what Kafka refuses', async () => {
    const { kafka, spool, publisher, metric } = await setup()
    const release = kafka.hold()
    await publisher.publish([record('at-most-once')])
    expect(kafka.records).toEqual([])
    release()
    await expect.poll(() => kafka.records.length).toBe(1)

    kafka.failWith(new PublishError('down'))
    await publisher.publish([record('at-most-once'), record('at-most-once')])
    await expect.poll(() => metric('clickstream_events_dropped_total')).toBe(2)
    expect(spool!.isEmpty).toBe(true)
  })

  it('answers a mixed batch once its durable records are stored, even if Kafka drops the rest', async () => {
    const { kafka, spool, publisher, metric } = await setup()
    kafka.failWith(new PublishError('down'))
    const mixed = [record('at-most-once'), record('at-least-once'), record('exactly-once')]
    await publisher.publish(mixed)
    await expect.poll(() => metric('clickstream_events_dropped_total')).toBe(1)
    expect(await metric('clickstream_events_spooled_total')).toBe(2)
    kafka.failWith(undefined)
    await publisher.replayed()
    expect(ids(kafka.records)).toEqual(ids(mixed.slice(1)))
    expect(spool!.isEmpty).toBe(true)
  })

  it('skips on replay the records Kafka acknowledged after their caller stopped waiting', async () => {
    const { kafka, publisher } = await setup()
    const release = kafka.hold()
    kafka.failWith(new PublishError('Kafka did not acknowledge within 10000 ms'))
    const batch = [record(), record()]
    const answered = publisher.publish(batch)
    release()
    await answered
    // The timed-out request reached Kafka after all.
    kafka.acknowledgeLate(batch)
    kafka.failWith(undefined)
    await publisher.replayed()
    expect(ids(kafka.records)).toEqual(ids(batch))
  })

  it('replays what an earlier run left in the spool', async () => {
    const earlier = await openSpool({ dir })
    const left = [record(), record()]
    await earlier.append(left)
    await earlier.close()
    const { kafka, publisher } = await setup()
    await publisher.replayed()
    expect(ids(kafka.records)).toEqual(ids(left))
  })

  it('keeps in the spool what replay had not sent when closed, and reports stopping', async () => {
    const { kafka, publisher } = await setup()
    kafka.failWith(new PublishError('down'))
    await publisher.publish([record()])
    const closing = publisher.close()
    expect(publisher.readiness()).toMatchObject({ ready: false, stopping: true })
    await closing
    expect(kafka.closed).toBe(true)
    const reopened = await openSpool({ dir })
    cleanup.push(() => reopened.close())
    expect(reopened.isEmpty).toBe(false)
  })
})
