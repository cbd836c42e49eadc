import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COLLECTOR_NODE_FLAGS } from './node-flags.js'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const flags = COLLECTOR_NODE_FLAGS.join(' ')

describe('COLLECTOR_NODE_FLAGS', () => {
  it('are what the bin and both start scripts run node with', () => {
    expect(read('./server.ts').split('\n', 1)[0]).toBe(`#!/usr/bin/env -S node ${flags}`)
    const scripts = (path: string) =>
      (JSON.parse(read(path)) as { scripts: Record<string, string> }).scripts
    expect(scripts('../package.json').start).toBe(`node ${flags} dist/server.js`)
    expect(scripts('../../package.json').start).toContain(`node ${flags} scripts/start.mjs`)
  })
})
