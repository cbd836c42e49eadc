import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PublishError } from '../errors.js'
import type { KafkaRecord } from '../publisher.js'
import { createMemoryKafka } from '../testing/memory-kafka.js'
import { startReplay, type ReplayEvent } from './replay.js'
import { openSpool } from './spool.js'

const record = (value: string): KafkaRecord => ({
  topic: 't',
  key: 'k',
  value: value.padEnd(200, '.'),
  headers: { ce_id: value },
})
const fastRetry = { sleep: (_ms: number, signal?: AbortSignal) => sleep(2, undefined, { signal }) }

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'replay-test-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('startReplay', () => {
  it('checkpoints each chunk, so a restart resumes after the last acknowledged one', async () => {
    const spool = await openSpool({ dir })
    for (const value of ['a', 'b', 'c', 'd']) await spool.append([record(value)])
    const kafka = createMemoryKafka()
    const events: ReplayEvent[] = []
    let sends = 0
    const publish = kafka.publish
    kafka.publish = async (records) => {
      // The second chunk never gets through.
      if (++sends >= 2) throw new PublishError('down')
      return publish(records)
    }
    const replay = startReplay({
      spool,
      kafka,
      maxChunkBytes: 700,
      retry: fastRetry,
      onEvent: (event) => events.push(event),
    })
    await expect.poll(() => events.filter((e) => e.type === 'failed').length).toBeGreaterThan(2)
    await replay.stop()
    await spool.close()
    expect(kafka.records.map((r) => r.headers.ce_id)).toEqual(['a', 'b'])
    expect(events[0]).toEqual({ type: 'replayed', records: 2, skipped: 0 })

    const reopened = await openSpool({ dir })
    const rest = await reopened.oldest()
    expect(rest!.frames.flatMap((f) => f.records.map((r) => r.headers.ce_id))).toEqual(['c', 'd'])
    await reopened.close()
  })

  it('deletes replayed segments and reports when it has caught up', async () => {
    const spool = await openSpool({ dir, segmentBytes: 300 })
    for (const value of ['a', 'b', 'c']) await spool.append([record(value)])
    const kafka = createMemoryKafka()
    let caughtUp = 0
    const replay = startReplay({ spool, kafka, retry: fastRetry, onCaughtUp: () => caughtUp++ })
    await expect.poll(() => caughtUp).toBe(1)
    expect(kafka.records.map((r) => r.headers.ce_id)).toEqual(['a', 'b', 'c'])
    expect(spool.isEmpty).toBe(true)

    await spool.append([record('d')])
    replay.wake()
    await expect.poll(() => caughtUp).toBe(2)
    expect(kafka.records.map((r) => r.headers.ce_id)).toEqual(['a', 'b', 'c', 'd'])
    await replay.stop()
    await spool.close()
  })

  it('leaves out records the caller knows are stored', async () => {
    const spool = await openSpool({ dir })
    await spool.append([record('a'), record('b'), record('c')])
    const kafka = createMemoryKafka()
    const events: ReplayEvent[] = []
    const replay = startReplay({
      spool,
      kafka,
      retry: fastRetry,
      isStored: (r) => r.headers.ce_id === 'b',
      onEvent: (event) => events.push(event),
    })
    await expect.poll(() => spool.isEmpty).toBe(true)
    await replay.stop()
    await spool.close()
    expect(kafka.records.map((r) => r.headers.ce_id)).toEqual(['a', 'c'])
    expect(events).toEqual([{ type: 'replayed', records: 2, skipped: 1 }])
  })
})
