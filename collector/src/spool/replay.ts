import type { KafkaPublisher } from '../kafka/publisher.js'
import type { KafkaRecord } from '../publisher.js'
import { retry, type RetryOptions } from '../retry/retry.js'
import type { Frame } from './frame.js'
import type { Spool, SpoolSegment } from './spool.js'

/** What {@link startReplay} replays, where to, and whom it tells. */
export interface ReplayOptions {
  spool: Spool
  /** Where records go; replay waits for its outcome before deciding what to resend. */
  kafka: Pick<KafkaPublisher, 'publish' | 'settled'>
  /**
   * Whether a record is known to be in Kafka already (acknowledged after its caller timed out),
   * so replay skips it instead of writing a duplicate.
   * @defaultValue never
   */
  isStored?: (record: KafkaRecord) => boolean
  /**
   * Most bytes of frames sent to Kafka at once; progress is checkpointed after each send.
   * @defaultValue `524288`
   */
  maxChunkBytes?: number
  /**
   * Spacing of attempts while Kafka refuses; `signal` is replay's own.
   * @defaultValue the {@link retry} defaults
   */
  retry?: Omit<RetryOptions, 'signal' | 'onRetry'>
  /**
   * Told about each chunk Kafka acknowledged, each failed attempt and each damaged segment.
   * @defaultValue does nothing
   */
  onEvent?: (event: ReplayEvent) => void
  /**
   * Called when the spool was found empty; the caller checks `spool.isEmpty` itself, as appends
   * may have begun since.
   * @defaultValue does nothing
   */
  onCaughtUp?: () => void
}

/** What happened during replay. */
export type ReplayEvent =
  | { type: 'replayed'; records: number; skipped: number }
  | { type: 'failed'; error: unknown; attempt: number; delayMs: number }
  | { type: 'damaged'; segment: string; damage: 'torn' | 'corrupt'; bytes: number }
  /** The loop ended on an error retrying cannot help (a bug); the spool keeps its records. */
  | { type: 'stopped'; error: unknown }

/** A running replay loop. */
export interface Replay {
  /** Says that something was appended, so an idle loop looks again. */
  wake(): void
  /** Stops after the Kafka request under way; whatever was not replayed stays in the spool. */
  stop(): Promise<void>
}

interface Chunk {
  records: KafkaRecord[]
  /** Offset in the segment after the chunk's last frame. */
  end: number
}

function chunksOf(frames: readonly Frame[], maxBytes: number): Chunk[] {
  const chunks: Chunk[] = []
  let current: Chunk | undefined
  let start = 0
  for (const frame of frames) {
    // Frame ends measure bytes on disk, a fair guess of what the records weigh on the wire.
    if (!current || frame.end - start > maxBytes) {
      if (current) start = current.end
      current = { records: [], end: frame.end }
      chunks.push(current)
    }
    current.records.push(...frame.records)
    current.end = frame.end
  }
  return chunks
}

/**
 * Starts the background task that moves the spool into Kafka: oldest segment first, in append
 * order, in chunks; each chunk is retried until Kafka takes it, then checkpointed, and a segment
 * is deleted once all of it is in. At least once: a crash repeats at most the chunk under way.
 */
export function startReplay(options: ReplayOptions): Replay {
  const { spool, kafka, isStored = () => false, maxChunkBytes = 512 * 1024 } = options
  const { onEvent = () => {}, onCaughtUp = () => {} } = options
  const stopping = new AbortController()
  const { signal } = stopping
  const stopped = new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true })
  )
  let woken = false
  let wakeUp: (() => void) | undefined
  const retryOptions: RetryOptions = {
    ...options.retry,
    signal,
    onRetry: (error, attempt, delayMs) => onEvent({ type: 'failed', error, attempt, delayMs }),
  }

  async function replayChunk(chunk: Chunk): Promise<void> {
    let skipped = 0
    await retry(async () => {
      // A timed-out earlier attempt may still be in flight; its outcome decides what to resend.
      await Promise.race([kafka.settled(), stopped])
      signal.throwIfAborted()
      const records = chunk.records.filter((record) => !isStored(record))
      skipped = chunk.records.length - records.length
      if (records.length === 0) return
      const publishing = kafka.publish(records)
      // On stop, stop waiting; the send goes on and its records stay in the spool regardless.
      publishing.catch(() => {})
      await Promise.race([publishing, stopped])
      signal.throwIfAborted()
    }, retryOptions)
    onEvent({ type: 'replayed', records: chunk.records.length - skipped, skipped })
  }

  async function replaySegment(segment: SpoolSegment): Promise<void> {
    if (segment.damage && segment.unreadableBytes > 0) {
      onEvent({
        type: 'damaged',
        segment: segment.name,
        damage: segment.damage,
        bytes: segment.unreadableBytes,
      })
    }
    for (const chunk of chunksOf(segment.frames, maxChunkBytes)) {
      await replayChunk(chunk)
      await spool.checkpoint(segment, chunk.end)
    }
    await spool.remove(segment)
  }

  async function step(): Promise<void> {
    woken = false
    const segment = await spool.oldest()
    if (segment) return replaySegment(segment)
    onCaughtUp()
    if (woken) return
    await Promise.race([new Promise<void>((resolve) => (wakeUp = resolve)), stopped])
  }

  async function run(): Promise<void> {
    // Disk errors (reading a segment, writing a checkpoint) are retried like Kafka's.
    while (!signal.aborted) await retry(step, retryOptions)
  }

  const running = run().catch((error: unknown) => {
    if (!signal.aborted) onEvent({ type: 'stopped', error })
  })

  return {
    wake() {
      woken = true
      wakeUp?.()
      wakeUp = undefined
    },
    async stop() {
      stopping.abort(new Error('replay stopped'))
      await running
    },
  }
}
