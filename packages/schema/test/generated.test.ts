import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateValidatorsSource } from '../scripts/validators-source.js'

describe('generated validators', () => {
  it('are up to date with the schemas (run `npm run generate -w @clickstream/schema`)', async () => {
    const committed = readFileSync(
      new URL('../src/generated/validators.ts', import.meta.url),
      'utf8'
    )
    expect(await generateValidatorsSource()).toBe(committed)
    // Compiling and formatting ~17,000 lines takes seconds on a loaded 2-core machine.
  }, 30_000)
})
