import { createHash } from 'node:crypto'

/**
 * A UUID derived from `parts` by SHA-256 (RFC 9562 §5.8, version 8: custom), so that the same
 * input always yields the same id: a retried request produces the same session and dead-letter
 * ids, and dedup recognises what was already stored.
 */
export function derivedUuid(...parts: readonly string[]): string {
  // Length-prefixed, so that ('a', 'bc') and ('ab', 'c') differ.
  const input = parts.map((part) => `${part.length}:${part}`).join('')
  const hex = createHash('sha256').update(input).digest('hex')
  // Version 8 in the 13th hex digit, variant 10xx in the 17th (RFC 9562 §4.1, §4.2).
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
