/** A closed window: its bounds and a count per key. */
export interface WindowCounts {
  /** Start of the window, ms since the epoch (inclusive). */
  start: number
  /** End of the window, ms since the epoch (exclusive). */
  end: number
  counts: Map<string, number>
}

/** Options of {@link createTumblingCounter}. */
export interface TumblingCounterOptions {
  /** Window length in ms (e.g. 60000 for one minute). */
  sizeMs: number
  /**
   * How long after a window's end late events still count, in ms.
   * @defaultValue `0`
   */
  allowedLatenessMs?: number
}

/**
 * Counts events per key in tumbling event-time windows. `add` takes an event's time and key;
 * `advance` takes the watermark (the time up to which events are complete) and returns the
 * windows it closes. Events later than the allowed lateness are counted in `late` and dropped.
 *
 * @example
 * const counter = createTumblingCounter({ sizeMs: 60_000 })
 * counter.add(Date.parse(event.time), event.subject)
 * for (const window of counter.advance(Date.now())) print(window)
 */
export function createTumblingCounter(options: TumblingCounterOptions) {
  const { sizeMs, allowedLatenessMs = 0 } = options
  if (!(sizeMs > 0)) throw new RangeError('sizeMs must be positive')
  const open = new Map<number, Map<string, number>>()
  let watermark = -Infinity
  let late = 0

  return {
    /** Counts one event at `time` (ms) under `key`; false when it came too late. */
    add(time: number, key: string): boolean {
      const start = Math.floor(time / sizeMs) * sizeMs
      if (start + sizeMs + allowedLatenessMs <= watermark) {
        late++
        return false
      }
      const counts = open.get(start) ?? new Map<string, number>()
      counts.set(key, (counts.get(key) ?? 0) + 1)
      open.set(start, counts)
      return true
    },
    /** Moves the watermark to `time` and returns the windows that closed, oldest first. */
    advance(time: number): WindowCounts[] {
      watermark = Math.max(watermark, time)
      const closed: WindowCounts[] = []
      for (const [start, counts] of open) {
        if (start + sizeMs + allowedLatenessMs <= watermark) {
          closed.push({ start, end: start + sizeMs, counts })
          open.delete(start)
        }
      }
      return closed.sort((a, b) => a.start - b.start)
    },
    /** Events dropped because they arrived after their window closed. */
    get late() {
      return late
    },
  }
}
