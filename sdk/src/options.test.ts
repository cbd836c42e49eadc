import { describe, expect, it } from 'vitest'
import { eventsUrl, resolveOptions } from './options.js'

const location = { href: 'https://shop.example/products/mug?x=1', origin: 'https://shop.example' }

describe('eventsUrl', () => {
  it.each([
    ['/v1/events', 'https://shop.example/v1/events'],
    ['https://c.example', 'https://c.example/v1/events'],
    ['https://c.example/', 'https://c.example/v1/events'],
    ['https://c.example/v1/events', 'https://c.example/v1/events'],
    ['https://c.example/collect/', 'https://c.example/collect/v1/events'],
    ['https://c.example/v1/events?key=k1', 'https://c.example/v1/events?key=k1'],
    ['//c.example:8080', 'https://c.example:8080/v1/events'],
  ])('turns %s into %s', (endpoint, url) => {
    expect(eventsUrl(endpoint, location.href)).toBe(url)
  })

  it('throws on something that is not a URL', () => {
    expect(() => eventsUrl('http://', location.href)).toThrow()
  })
})

describe('resolveOptions', () => {
  it('applies the defaults', () => {
    expect(resolveOptions({}, location)).toEqual({
      endpoint: 'https://shop.example/v1/events',
      site: 'https://shop.example',
      batchSize: 10,
      flushInterval: 5000,
      autocapture: { pageViews: true, clicks: true },
      debug: false,
    })
  })

  it('ignores options that are undefined, as the script tag passes missing attributes', () => {
    const options = { endpoint: undefined, site: undefined, batchSize: undefined }
    expect(resolveOptions(options, location)).toEqual(resolveOptions({}, location))
  })

  it('turns all autocapture off with false and merges a partial object', () => {
    expect(resolveOptions({ autocapture: false }, location).autocapture).toEqual({
      pageViews: false,
      clicks: false,
    })
    expect(resolveOptions({ autocapture: { clicks: false } }, location).autocapture).toEqual({
      pageViews: true,
      clicks: false,
    })
  })

  it('falls back to the defaults for numbers out of range and caps the batch size', () => {
    const resolved = resolveOptions({ batchSize: NaN, flushInterval: -5 }, location)
    expect([resolved.batchSize, resolved.flushInterval]).toEqual([10, 5000])
    expect(resolveOptions({ batchSize: 10_000 }, location).batchSize).toBe(500)
  })
})
