import { open } from 'node:fs/promises'

/** How much of a log file's end to read: enough for a stack trace, small enough for a message. */
const TAIL_BYTES = 16 * 1024

/** The last `lines` lines of a log file, or a note saying why there are none. */
export async function readLogTail(file: string, lines = 40): Promise<string> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch {
    return `(no log file at ${file})`
  }
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    const text = buffer.toString('utf8').trimEnd()
    if (!text) return '(log file is empty)'
    const all = text.split('\n')
    // The first line of a cut read is usually partial.
    return all.slice(size > length ? Math.max(1, all.length - lines) : -lines).join('\n')
  } finally {
    await handle.close()
  }
}
