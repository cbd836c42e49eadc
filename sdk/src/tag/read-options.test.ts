import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../options.js'
import { readTagOptions } from './read-options.js'

/** A `<script>` element as far as the tag reads it: `data-batch-size` is `dataset.batchSize`. */
const script = (dataset: Record<string, string>) => ({ dataset })

describe('readTagOptions', () => {
  it('reads every data attribute with the type of its option', () => {
    expect(
      readTagOptions(
        script({
          endpoint: 'https://c.example/v1/events',
          site: 'shop',
          batchSize: '20',
          flushInterval: '1000',
          autocapture: 'false',
          consent: 'pending',
          respectPrivacySignals: 'false',
          cookieless: '',
          queryParams: 'ref, utm_*',
          debug: 'true',
        })
      )
    ).toEqual({
      endpoint: 'https://c.example/v1/events',
      site: 'shop',
      batchSize: 20,
      flushInterval: 1000,
      autocapture: false,
      consent: 'pending',
      respectPrivacySignals: false,
      cookieless: true,
      queryParams: 'ref, utm_*',
      debug: true,
    })
  })

  it('reads the kinds to capture from a list', () => {
    const options = readTagOptions(script({ autocapture: 'pageViews clicks' }))
    expect(
      resolveOptions(options, { href: 'https://s.example/', origin: 'https://s.example' })
        .autocapture
    ).toMatchObject({
      pageViews: true,
      clicks: true,
      gestures: false,
    })
  })

  it('leaves what is missing out so the defaults apply, and survives no script at all', () => {
    expect(readTagOptions(script({}))).toEqual({})
    expect(readTagOptions(null)).toEqual({})
    expect(readTagOptions(script({ batchSize: 'many' })).batchSize).toBeUndefined()
  })
})
