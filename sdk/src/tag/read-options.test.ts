import { describe, expect, it } from 'vitest'
import { readTagOptions } from './read-options.js'

const script = (attributes: Record<string, string>) => ({
  getAttribute: (name: string) => attributes[name] ?? null,
})

describe('readTagOptions', () => {
  it('reads every data attribute', () => {
    const options = readTagOptions(
      script({
        'data-endpoint': 'https://c.example/v1/events',
        'data-site': 'shop',
        'data-batch-size': '20',
        'data-flush-interval': '1000',
        'data-autocapture': 'false',
        'data-debug': '',
      })
    )
    expect(options).toEqual({
      endpoint: 'https://c.example/v1/events',
      site: 'shop',
      batchSize: 20,
      flushInterval: 1000,
      autocapture: false,
      debug: true,
    })
  })

  it('leaves what is missing undefined so the defaults apply', () => {
    expect(readTagOptions(script({}))).toEqual({
      endpoint: undefined,
      site: undefined,
      batchSize: undefined,
      flushInterval: undefined,
      autocapture: true,
      debug: false,
    })
    expect(readTagOptions(null).endpoint).toBeUndefined()
  })

  it('treats data-debug="false" as off', () => {
    expect(readTagOptions(script({ 'data-debug': 'false' })).debug).toBe(false)
  })
})
