import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KafkaRecord } from '../publisher.js'
import { encodeFrame } from './frame.js'
import { openSpool, type Spool, type SpoolSegment } from './spool.js'

const record = (value: string): KafkaRecord => ({
  topic: 'clickstream.events',
  key: 'session-1',
  value,
  headers: { ce_id: value },
})

const valuesOf = (segment: SpoolSegment | undefined) =>
  segment?.frames.flatMap((frame) => frame.records.map((r) => r.value)) ?? []

let dir: string
const open: Spool[] = []

async function start(options: { maxBytes?: number; segmentBytes?: number } = {}) {
  const spool = await openSpool({ dir, ...options })
  open.push(spool)
  return spool
}

/** Reads and removes every segment, oldest first, as replay does. */
async function drain(spool: Spool): Promise<(string | null)[]> {
  const values: (string | null)[] = []
  for (let segment = await spool.oldest(); segment; segment = await spool.oldest()) {
    values.push(...valuesOf(segment))
    await spool.remove(segment)
  }
  return values
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spool-test-'))
})

afterEach(async () => {
  await Promise.all(open.splice(0).map((spool) => spool.close()))
  await rm(dir, { recursive: true, force: true })
})

describe('openSpool', () => {
  it('gives back appended records in order, then is empty once they are removed', async () => {
    const spool = await start()
    expect(spool.isEmpty).toBe(true)
    await spool.append([record('a'), record('b')])
    await spool.append([record('c')])
    expect(spool.isEmpty).toBe(false)
    expect(spool.bytes).toBeGreaterThan(0)
    expect(await drain(spool)).toEqual(['a', 'b', 'c'])
    expect(spool.isEmpty).toBe(true)
    expect(spool.bytes).toBe(0)
    expect(await spool.oldest()).toBeUndefined()
  })

  it('writes concurrent appends together and keeps their order', async () => {
    const spool = await start()
    const values = Array.from({ length: 50 }, (_, i) => `v${i}`)
    await Promise.all(values.map((value) => spool.append([record(value)])))
    expect(await drain(spool)).toEqual(values)
  })

  it('keeps what was appended when the process stops without closing it', async () => {
    const first = await start()
    await first.append([record('a')])
    await first.append([record('b')])
    // No close(): as after kill -9. The lock names this (live) process, so it is taken over.
    const second = await start()
    expect(second.recovery).toEqual({ segments: 1, tornBytes: 0 })
    await second.append([record('c')])
    expect(await drain(second)).toEqual(['a', 'b', 'c'])
  })

  it('cuts a torn last append off and keeps every append before it', async () => {
    const first = await start()
    await first.append([record('a')])
    await first.append([record('b')])
    const [segment] = (await readdir(dir)).filter((name) => name.endsWith('.spool'))
    const torn = encodeFrame([record('never acknowledged')]).subarray(0, 20)
    await appendFile(path.join(dir, segment!), torn)

    const second = await start()
    expect(second.recovery).toEqual({ segments: 1, tornBytes: 20 })
    await second.append([record('c')])
    expect(await drain(second)).toEqual(['a', 'b', 'c'])
  })

  it('refuses an append that would pass maxBytes, and stores nothing of it', async () => {
    const spool = await start({ maxBytes: 200 })
    await spool.append([record('a')])
    expect(spool.canTake(1000)).toBe(false)
    await expect(spool.append([record('x'.repeat(500))])).rejects.toMatchObject({
      code: 'spool_full',
      retriable: true,
    })
    expect(await drain(spool)).toEqual(['a'])
    expect(spool.canTake(100)).toBe(true)
  })

  it('starts a new segment file once one holds segmentBytes', async () => {
    const spool = await start({ segmentBytes: 300 })
    for (let i = 0; i < 10; i++) await spool.append([record(`v${i}`.padEnd(100, '.'))])
    const segments = (await readdir(dir)).filter((name) => name.endsWith('.spool'))
    expect(segments.length).toBeGreaterThanOrEqual(4)
    const first = await spool.oldest()
    expect(valuesOf(first)[0]).toMatch(/^v0/)
    expect((await drain(spool)).map((value) => value!.slice(0, 2))).toEqual(
      Array.from({ length: 10 }, (_, i) => `v${i}`)
    )
    expect((await readdir(dir)).filter((name) => name.endsWith('.spool'))).toEqual([])
  })

  it('skips checkpointed frames after a restart, and ignores a checkpoint off a boundary', async () => {
    const first = await start()
    await first.append([record('a')])
    await first.append([record('b')])
    await first.append([record('c')])
    const segment = (await first.oldest())!
    await first.checkpoint(segment, segment.frames[0]!.end)

    const second = await start()
    const resumed = (await second.oldest())!
    expect(valuesOf(resumed)).toEqual(['b', 'c'])
    await writeFile(path.join(dir, `${resumed.name}.done`), String(resumed.frames[0]!.end - 1))
    expect(valuesOf(await second.oldest())).toEqual(['a', 'b', 'c'])
  })

  it('refuses a directory that another live process uses', async () => {
    await writeFile(path.join(dir, 'spool.lock'), String(process.ppid))
    await expect(openSpool({ dir })).rejects.toMatchObject({
      code: 'spool_locked',
      message: expect.stringContaining(String(process.ppid)),
    })
  })

  it('refuses appends once closed', async () => {
    const spool = await start()
    await spool.close()
    await expect(spool.append([record('a')])).rejects.toMatchObject({ code: 'spool_closed' })
  })
})
