import { describe, expect, it } from 'vitest'

import { generateClusterId } from './storage.js'

describe('generateClusterId', () => {
  it('returns 16 random bytes as unpadded base64url that cannot be read as a flag', () => {
    const ids = Array.from({ length: 200 }, generateClusterId)
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/)
      expect(Buffer.from(id, 'base64url')).toHaveLength(16)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })
})
