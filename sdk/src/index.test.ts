import { describe, expect, it } from 'vitest'
import * as sdk from './index.js'
import { METHODS } from './clickstream.js'

describe('@clickstream/sdk', () => {
  it('exports createClickstream and nothing else at run time', () => {
    expect(Object.keys(sdk).sort()).toEqual(['createClickstream'])
  })

  it('offers the API methods of issue 3', () => {
    expect([...METHODS].sort()).toEqual(
      ['consent', 'debug', 'flush', 'identify', 'page', 'reset', 'track'].sort()
    )
  })

  it('answers a no-op API outside a browser, where it cannot start, and never throws', async () => {
    const api = sdk.createClickstream({ endpoint: 'https://c.example' })
    expect(Object.keys(api).sort()).toEqual([...METHODS].sort())
    api.track('x')
    api.page()
    api.identify('u')
    api.reset()
    api.consent('granted')
    api.debug(false)
    await expect(api.flush()).resolves.toBeUndefined()
  })
})
