import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PublishError, QueueFullError } from '../errors.js'
import type { KafkaRecord } from '../publisher.js'
import { createSendQueue } from './send-queue.js'

const record = (value: string): KafkaRecord => ({ topic: 't', key: 'k', value, headers: {} })

/** A send function whose calls stay pending until the test settles them. */
function controlledSend() {
  const calls: { records: KafkaRecord[]; resolve: () => void; reject: (e: Error) => void }[] = []
  const send = (records: KafkaRecord[]) =>
    new Promise<void>((resolve, reject) => calls.push({ records, resolve, reject }))
  return { send, calls }
}

describe('createSendQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('resolves a caller once its records are acknowledged', async () => {
    const { send, calls } = controlledSend()
    const queue = createSendQueue({ send })
    const done = queue.enqueue([record('a')])
    expect(calls).toHaveLength(1)
    calls[0]!.resolve()
    await expect(done).resolves.toBeUndefined()
  })

  it('sends one batch at a time and merges the callers that waited meanwhile', async () => {
    const { send, calls } = controlledSend()
    const queue = createSendQueue({ send })
    const first = queue.enqueue([record('a')])
    const second = queue.enqueue([record('b')])
    const third = queue.enqueue([record('c'), record('d')])
    expect(calls).toHaveLength(1)
    calls[0]!.resolve()
    await first
    expect(calls).toHaveLength(2)
    expect(calls[1]!.records.map((r) => r.value)).toEqual(['b', 'c', 'd'])
    calls[1]!.resolve()
    await expect(Promise.all([second, third])).resolves.toBeDefined()
  })

  it('keeps merged sends under maxBatchBytes but never splits one caller', async () => {
    const { send, calls } = controlledSend()
    const queue = createSendQueue({ send, maxBatchBytes: 10 })
    const pending = [
      queue.enqueue([record('0')]),
      queue.enqueue([record('x'.repeat(20))]),
      queue.enqueue([record('y')]),
    ]
    calls[0]!.resolve()
    await pending[0]
    expect(calls[1]!.records.map((r) => r.value)).toEqual(['x'.repeat(20)])
    calls[1]!.resolve()
    await pending[1]
    expect(calls[2]!.records.map((r) => r.value)).toEqual(['y'])
    calls[2]!.resolve()
    await pending[2]
  })

  it('rejects every caller of a failed send with a retriable PublishError', async () => {
    const { send, calls } = controlledSend()
    const queue = createSendQueue({ send })
    const done = queue.enqueue([record('a')])
    calls[0]!.reject(new Error('broker gone'))
    const error = await done.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PublishError)
    expect(error).toMatchObject({
      retriable: true,
      message: expect.stringContaining('broker gone'),
    })
  })

  it('stops waiting after timeoutMs and never sends records that were still queued', async () => {
    const { send, calls } = controlledSend()
    const queue = createSendQueue({ send, timeoutMs: 1000 })
    const stuck = queue.enqueue([record('a')])
    const queued = queue.enqueue([record('b')])
    const results = Promise.allSettled([stuck, queued])
    await vi.advanceTimersByTimeAsync(1000)
    expect(await results).toMatchObject([
      { status: 'rejected', reason: expect.any(PublishError) },
      { status: 'rejected', reason: expect.any(PublishError) },
    ])
    calls[0]!.resolve()
    await queue.drain()
    expect(calls.map((call) => call.records.map((r) => r.value))).toEqual([['a']])
  })

  it('refuses at once what would grow the waiting records past maxQueuedBytes', async () => {
    const { send, calls } = controlledSend()
    const queue = createSendQueue({ send, maxQueuedBytes: 10 })
    const inFlight = queue.enqueue([record('x'.repeat(50))])
    const waiting = queue.enqueue([record('12345678')])
    expect(queue.queuedBytes).toBe(9)
    await expect(queue.enqueue([record('abc')])).rejects.toBeInstanceOf(QueueFullError)
    calls[0]!.resolve()
    await inFlight
    expect(queue.queuedBytes).toBe(0)
    calls[1]!.resolve()
    await waiting
    await expect(
      Promise.all([queue.enqueue([record('abc')]), Promise.resolve(calls[2]!.resolve())])
    ).resolves.toBeDefined()
  })

  it('reports records Kafka acknowledged after their callers stopped waiting', async () => {
    const { send, calls } = controlledSend()
    const late: string[] = []
    const queue = createSendQueue({
      send,
      timeoutMs: 1000,
      onLateAcknowledgement: (records) => late.push(...records.map((r) => r.value!)),
    })
    const stuck = queue.enqueue([record('a')]).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1000)
    expect(await stuck).toBeInstanceOf(PublishError)
    const onTime = queue.enqueue([record('b')])
    calls[0]!.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(late).toEqual(['a'])
    calls[1]!.resolve()
    await onTime
    expect(late).toEqual(['a'])
  })

  it('drains once nothing is queued or in flight', async () => {
    const { send, calls } = controlledSend()
    const queue = createSendQueue({ send })
    void queue.enqueue([record('a')])
    void queue.enqueue([record('b')])
    let drained = false
    const draining = queue.drain().then(() => (drained = true))
    calls[0]!.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(drained).toBe(false)
    calls[1]!.resolve()
    await draining
    expect(drained).toBe(true)
  })
})
