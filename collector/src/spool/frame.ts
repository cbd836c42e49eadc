import { crc32 } from 'node:zlib'
import type { KafkaRecord } from '../publisher.js'

/**
 * Bytes before each frame's payload: its length and the CRC-32 of the payload, both unsigned
 * 32-bit big-endian, as in Kafka's own record batches (length first, then a checksum).
 */
export const FRAME_HEADER_BYTES = 8

/** Frames claiming more than this are garbage: no request body comes near it. */
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024

/** One decoded frame: the records of one append and where the frame ends in its segment. */
export interface Frame {
  records: KafkaRecord[]
  /** Offset of the byte after this frame. */
  end: number
}

/** The frames of a buffer, and what followed the last good one. */
export interface DecodedFrames {
  frames: Frame[]
  /** Bytes from the start that hold whole, intact frames. */
  validBytes: number
  /**
   * Why decoding stopped before the end: `'torn'` when the last frame is cut short (a write that
   * never completed), `'corrupt'` when a complete frame fails its checksum or does not parse.
   */
  damage?: 'torn' | 'corrupt'
}

/** Encodes the records of one append as a frame: length, CRC-32, then the records as JSON. */
export function encodeFrame(records: readonly KafkaRecord[]): Buffer {
  const payload = Buffer.from(JSON.stringify(records))
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length)
  frame.writeUInt32BE(payload.length, 0)
  frame.writeUInt32BE(crc32(payload), 4)
  payload.copy(frame, FRAME_HEADER_BYTES)
  return frame
}

function parseRecords(payload: Buffer): KafkaRecord[] | undefined {
  try {
    const records: unknown = JSON.parse(payload.toString('utf8'))
    return Array.isArray(records) ? (records as KafkaRecord[]) : undefined
  } catch {
    return undefined
  }
}

/**
 * Decodes frames from the start of `buffer` up to the first damaged one. Everything after a
 * damaged frame is left alone: its length field cannot be trusted to find the next one.
 */
export function decodeFrames(buffer: Buffer): DecodedFrames {
  const frames: Frame[] = []
  let offset = 0
  while (offset < buffer.length) {
    if (buffer.length - offset < FRAME_HEADER_BYTES) {
      return { frames, validBytes: offset, damage: 'torn' }
    }
    const length = buffer.readUInt32BE(offset)
    const checksum = buffer.readUInt32BE(offset + 4)
    const end = offset + FRAME_HEADER_BYTES + length
    if (length <= MAX_PAYLOAD_BYTES && end > buffer.length) {
      return { frames, validBytes: offset, damage: 'torn' }
    }
    const payload = buffer.subarray(offset + FRAME_HEADER_BYTES, end)
    const records =
      length <= MAX_PAYLOAD_BYTES && crc32(payload) === checksum ? parseRecords(payload) : undefined
    if (!records) {
      // A bad frame that reaches the end, or zeros to the end (a file extended but never
      // written, after a power cut), is a torn write; anything else is damage to stored data.
      const torn = end === buffer.length || buffer.subarray(offset).every((byte) => byte === 0)
      return { frames, validBytes: offset, damage: torn ? 'torn' : 'corrupt' }
    }
    frames.push({ records, end })
    offset = end
  }
  return { frames, validBytes: offset }
}
