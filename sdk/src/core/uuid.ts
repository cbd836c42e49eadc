/** Random 16-bit words: `crypto.getRandomValues`, injected in tests. */
export type RandomWords = (count: number) => Uint16Array

const cryptoRandom: RandomWords = (count) => crypto.getRandomValues(new Uint16Array(count))

/** Four hex digits of a 16-bit word (bit operators drop a fraction). */
const hex = (word: number) => (0x10000 | word).toString(16).slice(1)

/** A clock in milliseconds with a fraction that never goes back within the page. */
const highResolutionNow = () => performance.timeOrigin + performance.now()

/**
 * Returns a generator of time-ordered (version 7) UUIDs (`crypto.randomUUID` makes version 4
 * only, and only in secure contexts).
 *
 * RFC 9562 §6.2 method 3: the 12 bits of `rand_a` carry the fraction of the millisecond, from a
 * monotonic clock, so ids made one after the other sort in the order they were made. `rand_b` is
 * random, under the variant bits `10`.
 */
export const createUuidV7 = (
  clock: () => number = highResolutionNow,
  random: RandomWords = cryptoRandom
) => {
  // Random words for 256 ids at a time: each `getRandomValues` call costs microseconds.
  let pool: Uint16Array = new Uint16Array(0)
  let used = 0
  return (): string => {
    if (used >= pool.length) {
      pool = random(1024)
      used = 0
    }
    const at = clock()
    const ms = Math.floor(at)
    // The 48-bit time as three words: the high one by division, as bit operators take the low
    // 32 bits.
    return (
      hex(ms / 2 ** 32) +
      hex(ms >>> 16) +
      '-' +
      hex(ms & 0xffff) +
      '-' +
      hex(0x7000 | ((at - ms) * 4096)) +
      '-' +
      hex(0x8000 | (pool[used++]! & 0x3fff)) +
      '-' +
      hex(pool[used++]!) +
      hex(pool[used++]!) +
      hex(pool[used++]!)
    )
  }
}
