import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { compileCustomSchemas } from './custom-schemas.js'

describe('compileCustomSchemas', () => {
  it('compiles event and action schemas into checks', () => {
    const schemas = compileCustomSchemas({
      eventSchemas: { 'shop.checkout': { type: 'object', required: ['step'] } },
      actionSchemas: { add_to_cart: { type: 'object', required: ['sku'] } },
    })
    expect(schemas.types.get('shop.checkout')!({ step: 1 })).toBeUndefined()
    expect(schemas.types.get('shop.checkout')!({})).toMatch(/step/)
    expect(schemas.actions.get('add_to_cart')!({})).toMatch(/sku/)
  })

  it('names the schema that does not compile', () => {
    let error: unknown
    try {
      compileCustomSchemas({ eventSchemas: {}, actionSchemas: { buy: { type: 'nope' } } })
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect(error).toMatchObject({ variable: 'actionSchemas.buy' })
  })

  it('refuses to replace the schema of a built-in type', () => {
    expect(() =>
      compileCustomSchemas({ eventSchemas: { 'clickstream.click': {} }, actionSchemas: {} })
    ).toThrow(/built-in/)
  })
})
