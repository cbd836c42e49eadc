import { describe, expect, it } from 'vitest'
import { compileSchema } from './compile.js'

describe('compileSchema', () => {
  const check = compileSchema({
    type: 'object',
    properties: { sku: { type: 'string', maxLength: 8 }, qty: { type: 'integer', minimum: 1 } },
    required: ['sku'],
    additionalProperties: false,
  })

  it('answers undefined for a valid value', () => {
    expect(check({ sku: 'A-1', qty: 2 })).toBeUndefined()
  })

  it('names the path and the broken rule of an invalid value', () => {
    expect(check({ sku: 'A-1', qty: 0 })).toBe('/qty must be >= 1')
    expect(check({})).toBe("/ must have required property 'sku'")
  })

  it('names an unexpected property and the allowed values', () => {
    expect(check({ sku: 'A', color: 'red' })).toBe('/ must NOT have additional properties: "color"')
    expect(compileSchema({ enum: ['a', 'b'] })('c')).toBe(
      '/ must be equal to one of the allowed values: "a", "b"'
    )
  })

  it('refuses a schema with an unknown keyword, which is usually a typo', () => {
    expect(() => compileSchema({ type: 'string', maxLenght: 3 })).toThrow(/maxLenght/)
  })

  it('accepts format without checking it', () => {
    expect(compileSchema({ type: 'string', format: 'email' })('not an email')).toBeUndefined()
  })
})
