import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { withDefaults } from '../config.js'
import { SpoolError } from '../errors.js'
import type { KafkaRecord } from '../publisher.js'
import { decodeFrames, encodeFrame, type Frame } from './frame.js'

/** Where the spool keeps its segments and how much it may hold. */
export interface SpoolOptions {
  /** Directory of the segment files; created when missing. One process at a time uses it. */
  dir: string
  /**
   * Most bytes on disk (frames included); an append beyond it fails with `spool_full`.
   * @defaultValue `1073741824` (1 GiB)
   */
  maxBytes?: number
  /**
   * A segment file is closed and a new one begun once it holds about this many bytes; replay
   * reads and deletes whole segments.
   * @defaultValue `4194304` (4 MiB)
   */
  segmentBytes?: number
}

/** A closed segment's records still to replay, as {@link Spool.oldest} reads them. */
export interface SpoolSegment {
  /** File name in the spool directory. */
  readonly name: string
  /** Its frames after the last checkpoint, in append order. */
  readonly frames: readonly Frame[]
  /** Set when decoding stopped early: records after that point cannot be read back. */
  readonly damage?: 'torn' | 'corrupt'
  /** Bytes after the last readable frame. */
  readonly unreadableBytes: number
}

/** What {@link openSpool} found and repaired. */
export interface SpoolRecovery {
  /** Segments left by an earlier run, waiting for replay. */
  segments: number
  /** Bytes of a torn last append cut off the newest segment (never acknowledged). */
  tornBytes: number
}

/** An append-only on-disk log of records that Kafka could not take, in segment files. */
export interface Spool {
  readonly dir: string
  readonly maxBytes: number
  /** Bytes on disk plus appends under way. */
  readonly bytes: number
  /** Nothing is stored and nothing is being appended. */
  readonly isEmpty: boolean
  /** The error of the last append when it failed; cleared by the next success. */
  readonly failure: Error | undefined
  /** What opening found. */
  readonly recovery: SpoolRecovery
  /** Whether an append of `bytes` would fit now and the last write worked. */
  canTake(bytes: number): boolean
  /**
   * Appends the records as one frame and resolves once they are fsynced; concurrent appends
   * share one write and one fsync. Rejects with a `SpoolError` (`spool_full`, `spool_failed`,
   * `spool_closed`) when they were not stored.
   */
  append(records: readonly KafkaRecord[]): Promise<void>
  /** The oldest segment with records to replay, closing the one being written if it is alone. */
  oldest(): Promise<SpoolSegment | undefined>
  /** Remembers that `segment`'s frames up to `end` are in Kafka, so a restart skips them. */
  checkpoint(segment: SpoolSegment, end: number): Promise<void>
  /** Deletes a segment whose records are all in Kafka. */
  remove(segment: SpoolSegment): Promise<void>
  /** Waits for appends under way, closes the files and frees the directory. */
  close(): Promise<void>
}

type Limits = Omit<SpoolOptions, 'dir'>

const defaults = { maxBytes: 1024 * 1024 * 1024, segmentBytes: 4 * 1024 * 1024 } satisfies Required<
  Omit<SpoolOptions, 'dir'>
>

const LOCK_FILE = 'spool.lock'
const SEGMENT = /^(\d{16})\.spool$/

const segmentName = (seq: number) => `${String(seq).padStart(16, '0')}.spool`
const checkpointName = (segment: string) => `${segment}.done`

interface Closed {
  name: string
  bytes: number
}

interface Active extends Closed {
  file: Awaited<ReturnType<typeof open>>
}

interface Pending {
  frame: Buffer
  resolve: () => void
  reject: (error: Error) => void
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the directory for this process: a second collector on one spool would corrupt it. */
async function lock(dir: string): Promise<void> {
  const file = path.join(dir, LOCK_FILE)
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' })
    return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim())
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
    throw new SpoolError('spool_locked', dir, `spool ${dir} is in use by process ${owner}`)
  }
  // Left by a process that is gone (a crash or kill -9): take it over.
  await writeFile(file, String(process.pid))
}

/** Makes a new or renamed file's directory entry durable (fsync(2): the file's fsync is not). */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function readCheckpoint(dir: string, segment: string): Promise<number> {
  const text = await readFile(path.join(dir, checkpointName(segment)), 'utf8').catch(() => '')
  return /^\d+$/.test(text) ? Number(text) : 0
}

/**
 * Opens (or creates) the spool in `options.dir`: takes its lock, deletes empty segments and cuts
 * a torn last append off the newest segment, so that appends after a crash never follow
 * garbage. Appends always go to a new segment.
 *
 * @example
 * const spool = await openSpool({ dir: '.spool' })
 * await spool.append(records) // fsynced once this resolves
 */
export async function openSpool(options: SpoolOptions): Promise<Spool> {
  const dir = path.resolve(options.dir)
  const { maxBytes, segmentBytes } = withDefaults<Limits>(defaults, options)
  try {
    await mkdir(dir, { recursive: true })
    await lock(dir)
  } catch (error) {
    if (error instanceof SpoolError) throw error
    throw new SpoolError('spool_failed', dir, `cannot use spool ${dir}: ${message(error)}`, error)
  }

  const files = await readdir(dir)
  const names = files.filter((name) => SEGMENT.test(name)).sort()
  // Checkpoints of segments deleted just before a crash, and half-written ones.
  for (const name of files) {
    const checkpointOf = /^(.+\.spool)\.done(\.tmp)?$/.exec(name)
    if (checkpointOf && (checkpointOf[2] || !names.includes(checkpointOf[1]!))) {
      await rm(path.join(dir, name), { force: true })
    }
  }
  const closed: Closed[] = []
  for (const name of names) {
    const { size } = await stat(path.join(dir, name))
    closed.push({ name, bytes: size })
  }
  let tornBytes = 0
  const newest = closed.at(-1)
  if (newest) {
    // Only the segment being written when the process died can end in a torn append.
    const decoded = decodeFrames(await readFile(path.join(dir, newest.name)))
    if (decoded.validBytes < newest.bytes) {
      tornBytes = newest.bytes - decoded.validBytes
      const handle = await open(path.join(dir, newest.name), 'r+')
      try {
        await handle.truncate(decoded.validBytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
      newest.bytes = decoded.validBytes
    }
  }
  for (const segment of closed.filter((s) => s.bytes === 0)) {
    await rm(path.join(dir, segment.name), { force: true })
    await rm(path.join(dir, checkpointName(segment.name)), { force: true })
  }
  const segments = closed.filter((s) => s.bytes > 0)
  let nextSeq = names.length > 0 ? Number(SEGMENT.exec(names.at(-1)!)![1]) + 1 : 1

  let active: Active | undefined
  let storedBytes = segments.reduce((sum, s) => sum + s.bytes, 0)
  let pendingBytes = 0
  let pending: Pending[] = []
  let flushScheduled = false
  let failure: Error | undefined
  let closing: Promise<void> | undefined
  // Every operation on the active file runs in turn on this chain.
  let chain: Promise<void> = Promise.resolve()
  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const run = chain.then(operation)
    chain = run.then(
      () => undefined,
      () => undefined
    )
    return run
  }

  async function closeActive(): Promise<void> {
    if (!active) return
    const { file, name, bytes } = active
    active = undefined
    await file.close().catch(() => {})
    if (bytes > 0) segments.push({ name, bytes })
    else await rm(path.join(dir, name), { force: true })
  }

  async function openActive(): Promise<Active> {
    const name = segmentName(nextSeq++)
    const file = await open(path.join(dir, name), 'wx')
    await syncDir(dir)
    return { name, bytes: 0, file }
  }

  async function flush(): Promise<void> {
    flushScheduled = false
    const batch = pending
    pending = []
    const data = Buffer.concat(batch.map((entry) => entry.frame))
    try {
      if (active && active.bytes > 0 && active.bytes + data.length > segmentBytes) {
        await closeActive()
      }
      active ??= await openActive()
      // Positional writes: after a failed write the next one overwrites whatever it left.
      let written = 0
      while (written < data.length) {
        const { bytesWritten } = await active.file.write(
          data,
          written,
          data.length - written,
          active.bytes + written
        )
        written += bytesWritten
      }
      await active.file.datasync()
      active.bytes += data.length
      storedBytes += data.length
      failure = undefined
      for (const entry of batch) entry.resolve()
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
      // Cut whatever part of the batch reached the file, and never write to that file again.
      if (active) {
        await active.file.truncate(active.bytes).catch(() => {})
        await closeActive().catch(() => {})
      }
      const reason = new SpoolError(
        'spool_failed',
        dir,
        `cannot write to spool ${dir}: ${message(error)}`,
        error
      )
      for (const entry of batch) entry.reject(reason)
    } finally {
      pendingBytes -= data.length
    }
  }

  return {
    dir,
    maxBytes,
    get bytes() {
      return storedBytes + pendingBytes
    },
    get isEmpty() {
      return storedBytes + pendingBytes === 0
    },
    get failure() {
      return failure
    },
    recovery: { segments: segments.length, tornBytes },
    canTake(bytes) {
      return !closing && !failure && storedBytes + pendingBytes + bytes <= maxBytes
    },
    append(records) {
      if (closing) {
        return Promise.reject(new SpoolError('spool_closed', dir, `spool ${dir} is closed`))
      }
      const frame = encodeFrame(records)
      if (storedBytes + pendingBytes + frame.length > maxBytes) {
        return Promise.reject(
          new SpoolError('spool_full', dir, `spool ${dir} holds its limit of ${maxBytes} bytes`)
        )
      }
      pendingBytes += frame.length
      return new Promise<void>((resolve, reject) => {
        pending.push({ frame, resolve, reject })
        if (!flushScheduled) {
          flushScheduled = true
          void serial(flush)
        }
      })
    },
    async oldest() {
      if (segments.length === 0) {
        // Replay has caught up with the writer: close its segment to replay it.
        await serial(async () => {
          if (segments.length === 0 && active && active.bytes > 0) await closeActive()
        })
      }
      const segment = segments[0]
      if (!segment) return undefined
      const decoded = decodeFrames(await readFile(path.join(dir, segment.name)))
      const done = await readCheckpoint(dir, segment.name)
      // Trust a checkpoint only at a frame boundary: a damaged one means replaying it all.
      const from = decoded.frames.some((frame) => frame.end === done) ? done : 0
      return {
        name: segment.name,
        frames: decoded.frames.filter((frame) => frame.end > from),
        damage: decoded.damage,
        unreadableBytes: segment.bytes - decoded.validBytes,
      }
    },
    async checkpoint(segment, end) {
      // Written aside and renamed, so a crash leaves the old or the new value, never a mix; a
      // lost checkpoint only repeats records, which replay allows.
      const file = path.join(dir, checkpointName(segment.name))
      await writeFile(`${file}.tmp`, String(end))
      await rename(`${file}.tmp`, file)
    },
    async remove(segment) {
      const index = segments.findIndex((s) => s.name === segment.name)
      if (index === -1) return
      const [removed] = segments.splice(index, 1)
      storedBytes -= removed!.bytes
      await rm(path.join(dir, segment.name), { force: true })
      await rm(path.join(dir, checkpointName(segment.name)), { force: true })
    },
    close() {
      closing ??= serial(async () => {
        await closeActive()
        await rm(path.join(dir, LOCK_FILE), { force: true })
      })
      return closing
    },
  }
}
