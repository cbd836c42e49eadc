import { describe, expect, it } from 'vitest'
import { resolveOptions } from './options.js'

const location = { href: 'https://shop.example/products/mug?x=1', origin: 'https://shop.example' }

const EVERYTHING = {
  pageViews: true,
  clicks: true,
  rageClicks: true,
  deadClicks: true,
  gestures: true,
  scrollDepth: true,
  forms: true,
}

describe('resolveOptions', () => {
  it.each([
    ['/v1/events', 'https://shop.example/v1/events'],
    ['https://c.example/v1/events?key=k1', 'https://c.example/v1/events?key=k1'],
    ['//c.example:8080/v1/events', 'https://c.example:8080/v1/events'],
  ])('resolves the endpoint %s to %s', (endpoint, url) => {
    expect(resolveOptions({ endpoint }, location).endpoint).toBe(url)
  })

  it('throws on an endpoint that is not a URL', () => {
    expect(() => resolveOptions({ endpoint: 'http://' }, location)).toThrow()
  })

  it('applies the defaults', () => {
    expect(resolveOptions({}, location)).toEqual({
      endpoint: 'https://shop.example/v1/events',
      site: 'https://shop.example',
      batchSize: 50,
      flushInterval: 5000,
      autocapture: EVERYTHING,
      consent: 'granted',
      respectPrivacySignals: true,
      cookieless: false,
      queryParams: ['utm_*'],
      debug: false,
    })
  })

  it('ignores options that are undefined, as the script tag passes missing attributes', () => {
    const options = { endpoint: undefined, site: undefined, batchSize: undefined }
    expect(resolveOptions(options, location)).toEqual(resolveOptions({}, location))
  })

  it('turns all autocapture off with false, single kinds off with an object, and names the kinds in a list', () => {
    const off = Object.fromEntries(Object.keys(EVERYTHING).map((kind) => [kind, false]))
    expect(resolveOptions({ autocapture: false }, location).autocapture).toEqual(off)
    expect(resolveOptions({ autocapture: { gestures: false } }, location).autocapture).toEqual({
      ...EVERYTHING,
      gestures: false,
    })
    expect(resolveOptions({ autocapture: ['pageViews', 'clicks'] }, location).autocapture).toEqual({
      ...off,
      pageViews: true,
      clicks: true,
    })
  })

  it('falls back to the defaults for numbers out of range and caps the batch size', () => {
    const resolved = resolveOptions({ batchSize: NaN, flushInterval: -5 }, location)
    expect([resolved.batchSize, resolved.flushInterval]).toEqual([50, 5000])
    expect(resolveOptions({ batchSize: 10_000 }, location).batchSize).toBe(500)
  })

  it('reads a list of query parameters from a string, as the script tag gives it', () => {
    expect(
      resolveOptions({ queryParams: 'ref utm_*' as unknown as string[] }, location).queryParams
    ).toEqual(['ref', 'utm_*'])
  })
})
