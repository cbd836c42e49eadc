import { describe, expect, it } from 'vitest'
import { createUrlCleaner } from '../core/clean-url.js'
import { pageViewData } from './page-views.js'

const cleanUrl = createUrlCleaner(['utm_*'])

describe('pageViewData', () => {
  it('describes the page with a clean URL and referrer', () => {
    const location = {
      href: 'https://shop.example/thanks?name=Ann&utm_source=news#top',
      origin: 'https://shop.example',
      pathname: '/thanks',
    }
    const document = { title: ' Thanks · Shop ', referrer: 'https://shop.example/checkout?x=1' }
    expect(pageViewData(location, document, 'load', cleanUrl)).toEqual({
      url: 'https://shop.example/thanks?utm_source=news',
      path: '/thanks',
      navigation: 'load',
      title: 'Thanks · Shop',
      referrer: 'https://shop.example/checkout',
    })
  })

  it('leaves out an empty title and referrer', () => {
    const data = pageViewData(
      { href: 'https://shop.example/', origin: 'https://shop.example', pathname: '/' },
      { title: '', referrer: '' },
      'manual',
      cleanUrl
    )
    expect(data).toEqual({ url: 'https://shop.example/', path: '/', navigation: 'manual' })
  })

  it('keeps only origin and path of a URL the cleaner cannot read', () => {
    const data = pageViewData(
      { href: 'weird?secret=1', origin: 'https://s.example', pathname: '/a' },
      { title: '', referrer: '' },
      'load',
      () => ''
    )
    expect(data.url).toBe('https://s.example/a')
  })
})
