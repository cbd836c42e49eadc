import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

/** Budgets in gzip bytes (DESIGN.md): the full script tag, and what is left for the features to come. */
const TAG_BUDGET = 8 * 1024

const gzipSize = (path: string): number => {
  const file = new URL(`../dist/${path}`, import.meta.url)
  let source: Buffer
  try {
    source = readFileSync(file)
  } catch {
    throw new Error(`${path} is missing: run \`npm run build -w @clickstream/sdk\` first`)
  }
  return gzipSync(source, { level: 9 }).length
}

describe('bundle size', () => {
  it(`keeps the script tag within ${TAG_BUDGET} bytes gzipped`, () => {
    expect(gzipSize('clickstream.iife.js')).toBeLessThanOrEqual(TAG_BUDGET)
  })

  it('keeps the snippet that every page inlines under 200 bytes', () => {
    expect(readFileSync(new URL('../dist/snippet.js', import.meta.url)).length).toBeLessThan(200)
  })
})
