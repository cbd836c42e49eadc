/** Fills a byte array with cryptographically strong random values. */
export type RandomBytes = (bytes: Uint8Array) => Uint8Array

const cryptoRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes)

/** RFC 9562 §4: 8-4-4-4-12 lower-case hex. */
const format = (bytes: Uint8Array): string => {
  let hex = ''
  for (let i = 0; i < 16; i++) {
    hex += (bytes[i]! + 256).toString(16).slice(1)
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-'
  }
  return hex
}

/** A random (version 4) UUID; `crypto.randomUUID` exists only in secure contexts, so not that. */
export const uuidV4 = (random: RandomBytes = cryptoRandom): string => {
  const bytes = random(new Uint8Array(16))
  bytes[6] = 0x40 | (bytes[6]! & 0x0f)
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  return format(bytes)
}

/**
 * Returns a generator of time-ordered (version 7) UUIDs, monotonic within one generator.
 *
 * RFC 9562 §6.2 method 1: the 12 bits of `rand_a` are a counter, seeded with 11 random bits on
 * each new millisecond so it has room to count up; when it overflows, or the clock goes back,
 * the timestamp borrows from the next millisecond rather than repeat or go backwards.
 */
export const createUuidV7 = (now: () => number = Date.now, random: RandomBytes = cryptoRandom) => {
  let lastMs = -1
  let counter = 0
  return (): string => {
    const bytes = random(new Uint8Array(16))
    const ms = now()
    if (ms > lastMs) {
      lastMs = ms
      counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!
    } else if (++counter > 0xfff) {
      lastMs++
      counter = 0
    }
    // 48-bit big-endian Unix milliseconds; division because bit operators are 32-bit.
    for (let i = 5, t = lastMs; i >= 0; i--, t = Math.floor(t / 256)) bytes[i] = t % 256
    bytes[6] = 0x70 | (counter >> 8)
    bytes[7] = counter & 0xff
    bytes[8] = 0x80 | (bytes[8]! & 0x3f)
    return format(bytes)
  }
}
