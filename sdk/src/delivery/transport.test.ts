import { describe, expect, it } from 'vitest'
import { deliveryOf } from './transport.js'

describe('deliveryOf', () => {
  it.each([
    [200, 'sent'],
    [204, 'sent'],
    [503, 'retry'],
    [500, 'retry'],
    [429, 'retry'],
    [400, 'drop'],
    [403, 'drop'],
    [413, 'drop'],
    [415, 'drop'],
  ] as const)('answers %i with %s', (status, delivery) => {
    expect(deliveryOf(status)).toBe(delivery)
  })
})
