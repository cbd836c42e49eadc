import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { readLogTail } from './log-tail.js'

const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-local-log-tail-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('readLogTail', () => {
  it('returns the last lines of a log', async () => {
    const file = path.join(dir, 'short.log')
    await writeFile(file, 'one\ntwo\nthree\n')
    expect(await readLogTail(file, 2)).toBe('two\nthree')
  })

  it('reads only the end of a big log and drops the partial first line', async () => {
    const file = path.join(dir, 'big.log')
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`)
    await writeFile(file, `${lines.join('\n')}\n`)
    const tail = (await readLogTail(file, 3)).split('\n')
    expect(tail).toEqual(lines.slice(-3))
  })

  it('says so when the log does not exist', async () => {
    expect(await readLogTail(path.join(dir, 'missing.log'))).toMatch(/no log file/)
  })
})
