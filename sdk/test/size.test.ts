import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

/**
 * Budgets (issue 3, STYLE.md §16): the script tag with everything within 8 KB gzipped, the core
 * script tag (no autocapture) within 4 KB. `gzip -9`, as a CDN would serve them.
 */
const BUDGETS = {
  'clickstream.iife.js': 8 * 1024,
  'clickstream.core.iife.js': 4 * 1024,
}

const read = (path: string): Buffer => {
  try {
    return readFileSync(new URL(`../dist/${path}`, import.meta.url))
  } catch {
    throw new Error(`${path} is missing: run \`npm run build -w @clickstream/sdk\` first`)
  }
}

describe('bundle size', () => {
  for (const [file, budget] of Object.entries(BUDGETS)) {
    it(`keeps ${file} within ${budget} bytes gzipped`, () => {
      expect(gzipSync(read(file), { level: 9 }).length).toBeLessThanOrEqual(budget)
    })
  }

  it('keeps the snippet that every page inlines under 200 bytes', () => {
    expect(read('snippet.js').length).toBeLessThan(200)
  })

  it('builds the core with no autocapture and no console messages', () => {
    const core = read('clickstream.core.iife.js').toString()
    for (const absent of ['MutationObserver', 'pointerdown', 'scroll_depth', 'console'])
      expect(core).not.toContain(absent)
  })
})
