import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { KafkaRecord } from '../publisher.js'
import { decodeFrames, encodeFrame, FRAME_HEADER_BYTES } from './frame.js'

const record = (value: string | null, key: string | null = 'k'): KafkaRecord => ({
  topic: 'clickstream.events',
  key,
  value,
  headers: { ce_id: `id-${value}`, 'content-type': 'application/json' },
})

describe('encodeFrame and decodeFrames', () => {
  it('reads back every append in order, with where each one ends', () => {
    const appends = [[record('a'), record('b')], [record(null, null)], [record('é ✓')]]
    const frames = appends.map(encodeFrame)
    const decoded = decodeFrames(Buffer.concat(frames))
    expect(decoded.damage).toBeUndefined()
    expect(decoded.frames.map((frame) => frame.records)).toEqual(appends)
    expect(decoded.frames.map((frame) => frame.end)).toEqual([
      frames[0]!.length,
      frames[0]!.length + frames[1]!.length,
      frames[0]!.length + frames[1]!.length + frames[2]!.length,
    ])
    expect(decoded.validBytes).toBe(Buffer.concat(frames).length)
  })

  it('keeps every whole frame before a torn last one, wherever the write stopped', () => {
    const appendsArbitrary = fc.array(
      fc.array(
        fc.string().map((value) => record(value)),
        { minLength: 1, maxLength: 3 }
      ),
      { minLength: 1, maxLength: 6 }
    )
    fc.assert(
      fc.property(appendsArbitrary, fc.nat(), (appends, cutSeed) => {
        const frames = appends.map(encodeFrame)
        const whole = Buffer.concat(frames.slice(0, -1))
        const last = frames.at(-1)!
        const cut = cutSeed % last.length
        const decoded = decodeFrames(Buffer.concat([whole, last.subarray(0, cut)]))
        expect(decoded.frames.map((frame) => frame.records)).toEqual(appends.slice(0, -1))
        expect(decoded.validBytes).toBe(whole.length)
        expect(decoded.damage).toBe(cut === 0 ? undefined : 'torn')
      })
    )
  })

  it('calls a tail of zeros, as a power cut leaves it, torn', () => {
    const frame = encodeFrame([record('a')])
    const decoded = decodeFrames(Buffer.concat([frame, Buffer.alloc(4096)]))
    expect(decoded).toMatchObject({ validBytes: frame.length, damage: 'torn' })
    expect(decoded.frames).toHaveLength(1)
  })

  it('stops at a frame that fails its checksum and calls it corrupt when frames follow', () => {
    const frames = [[record('a')], [record('b')], [record('c')]].map(encodeFrame)
    const data = Buffer.concat(frames)
    data[frames[0]!.length + FRAME_HEADER_BYTES + 2]! ^= 0xff
    const decoded = decodeFrames(data)
    expect(decoded.frames.map((frame) => frame.records[0]!.value)).toEqual(['a'])
    expect(decoded).toMatchObject({ validBytes: frames[0]!.length, damage: 'corrupt' })
  })

  it('stops at a length no frame can have', () => {
    const frame = encodeFrame([record('a')])
    const garbage = Buffer.alloc(64, 0xff)
    const decoded = decodeFrames(Buffer.concat([frame, garbage, frame]))
    expect(decoded).toMatchObject({ validBytes: frame.length, damage: 'corrupt' })
  })
})
